/// The port through which official documents and status messages travel between agencies:
/// the national document axis (VDXP) today, a provincial platform (LGSP) with another API
/// tomorrow, each an adapter behind this protocol.
public protocol DocumentTransport: Sendable {
    /// Sends a package (`edoc` or `status`) to the given organ codes; returns the
    /// transport's id for it.
    func send(_ package: [UInt8], kind: AxisMessageKind, to recipients: [String]) async throws(AxisError) -> String
    /// Packages waiting for this agency.
    func received() async throws(AxisError) -> [AxisMessage]
    /// One package's bytes.
    func fetch(_ id: String) async throws(AxisError) -> [UInt8]
    /// Acknowledges a package at the transport level (not an edXML status).
    func acknowledge(_ id: String, _ acknowledgement: AxisAcknowledgement) async throws(AxisError)
    /// The directory of agencies on the transport.
    func agencies() async throws(AxisError) -> [AxisAgency]
}

/// What a message on the axis carries.
public enum AxisMessageKind: String, Sendable, Equatable, Codable {
    /// An official document.
    case edoc
    /// An edXML status package.
    case status
}

/// The transport acknowledgement of `updateStatus`.
public enum AxisAcknowledgement: String, Sendable, Equatable {
    /// Imported (or already imported before).
    case done
    /// Refused: could not be read or validated (the sender also gets status 02).
    case fail
    /// Being imported.
    case processing
}

/// One entry of `getReceivedEdocList`.
public struct AxisMessage: Sendable, Equatable, Codable {
    /// The axis's id for the package.
    public var docId: String
    /// `edoc` or `status`.
    public var messageType: String
    /// Sender's organ code.
    public var from: String
    /// Transport status as the axis reports it.
    public var status: String?
    /// When the axis received it, as it writes it.
    public var createdTime: String?

    /// A message with everything given.
    public init(docId: String, messageType: String, from: String, status: String? = nil, createdTime: String? = nil) {
        self.docId = docId
        self.messageType = messageType
        self.from = from
        self.status = status
        self.createdTime = createdTime
    }
}

/// One agency of `getAgenciesList`.
public struct AxisAgency: Sendable, Equatable, Codable {
    /// Organ code, e.g. `000.00.00.H41`.
    public var code: String
    /// The axis's numeric or text id.
    public var id: String
    /// Name.
    public var name: String
    /// E-mail address.
    public var mail: String?
    /// Parent agency's id.
    public var pid: String?

    /// An agency with everything given.
    public init(code: String, id: String, name: String, mail: String? = nil, pid: String? = nil) {
        self.code = code
        self.id = id
        self.name = name
        self.mail = mail
        self.pid = pid
    }
}

/// Why a call to the transport failed; `retryable` when trying again later may succeed.
public struct AxisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The call, e.g. `sendEdoc`.
    public var call: String
    /// What happened.
    public var message: String
    /// Whether a later retry may succeed (network, 5xx, 429) or not (refused, malformed).
    public var retryable: Bool

    /// An error with everything given.
    public init(call: String, message: String, retryable: Bool) {
        self.call = call
        self.message = message
        self.retryable = retryable
    }

    /// `call: message`.
    public var description: String { "\(call): \(message)" }
}
