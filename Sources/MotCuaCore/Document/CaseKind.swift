/// What a case on the engine is: a one-stop dossier (hồ sơ) or an official document
/// (văn bản) coming in or going out. One engine, one store, one event log for all three;
/// the kind decides which workflows apply and which external statuses are sent.
public enum CaseKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A one-stop dossier: portal statuses (TrangThaiHoSo).
    case dossier
    /// An incoming official document (văn bản đến): edXML status packages to the sender.
    case incomingDocument = "incoming_document"
    /// An outgoing official document (văn bản đi).
    case outgoingDocument = "outgoing_document"

    /// Vietnamese name shown to officers.
    public var label: String {
        switch self {
        case .dossier: "Hồ sơ"
        case .incomingDocument: "Văn bản đến"
        case .outgoingDocument: "Văn bản đi"
        }
    }
}
