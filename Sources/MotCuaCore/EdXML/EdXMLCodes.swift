/// edXML status codes (answering a document). 07–12 and 14 are not confirmed anywhere
/// public, so they are not modelled: a package carrying one is refused by validation.
public enum EdXMLStatusCode: String, Sendable, Equatable, Codable, CaseIterable {
    /// Đã đến: the package arrived.
    case arrived = "01"
    /// Từ chối: refused.
    case refused = "02"
    /// Đã tiếp nhận: accepted, registered.
    case accepted = "03"
    /// Đã phân công: assigned.
    case assigned = "04"
    /// Đang xử lý: being processed.
    case processing = "05"
    /// Hoàn thành: finished.
    case finished = "06"
    /// Thu hồi: recalled.
    case recalled = "13"
    /// Đồng ý thu hồi/cập nhật: recall or update accepted.
    case recallAccepted = "15"
    /// Từ chối thu hồi/cập nhật: recall or update refused.
    case recallRefused = "16"

    /// The Vietnamese label shown to clerks.
    public var label: String {
        switch self {
        case .arrived: "Đã đến"
        case .refused: "Từ chối tiếp nhận"
        case .accepted: "Đã vào sổ"
        case .assigned: "Đã phân công"
        case .processing: "Đang xử lý"
        case .finished: "Hoàn thành"
        case .recalled: "Thu hồi"
        case .recallAccepted: "Đồng ý thu hồi/cập nhật"
        case .recallRefused: "Từ chối thu hồi/cập nhật"
        }
    }
}

/// What a document package is, in its trace header (`BussinessDocType`).
public enum EdXMLBusinessType: Int, Sendable, Equatable, Codable, CaseIterable {
    /// A new document.
    case new = 0
    /// A recall (revocation) of a document sent earlier.
    case recall = 1
    /// An update of a document sent earlier.
    case update = 2
    /// A replacement of a document sent earlier.
    case replacement = 3
}

/// Urgency (`OtherInfo/Priority`), with the marking printed on the document.
public enum EdXMLPriority: Int, Sendable, Equatable, Codable, CaseIterable, Comparable {
    /// Thường.
    case normal = 0
    /// Khẩn.
    case urgent = 1
    /// Thượng khẩn.
    case veryUrgent = 2
    /// Hỏa tốc.
    case flash = 3
    /// Hỏa tốc hẹn giờ.
    case flashTimed = 4

    /// The marking (empty for a normal document).
    public var marking: String {
        switch self {
        case .normal: ""
        case .urgent: "KHẨN"
        case .veryUrgent: "THƯỢNG KHẨN"
        case .flash: "HỎA TỐC"
        case .flashTimed: "HỎA TỐC HẸN GIỜ"
        }
    }

    /// Orders by urgency.
    public static func < (a: EdXMLPriority, b: EdXMLPriority) -> Bool { a.rawValue < b.rawValue }
}
