/// An official document as it travels: header, manifest, attachments and the verdict on
/// its signature.
public struct EdXMLDocument: Sendable, Equatable {
    /// The message header.
    public var header: EdXMLHeader
    /// `edXMLManifest` entries, in order.
    public var manifest: [EdXMLReference]
    /// Decoded attachments, in order.
    public var attachments: [EdXMLAttachment]
    /// What checking the XML-DSig signature found (`.absent` until checked).
    public var signature: SignatureVerdict

    /// A document with everything given.
    public init(header: EdXMLHeader, manifest: [EdXMLReference] = [], attachments: [EdXMLAttachment] = [],
                signature: SignatureVerdict = .absent) {
        self.header = header
        self.manifest = manifest
        self.attachments = attachments
        self.signature = signature
    }
}

/// A status message answering a document (status package: header only, no body).
public struct EdXMLStatus: Sendable, Hashable, Codable {
    /// The organ answering.
    public var from: EdXMLOrgan
    /// The document answered.
    public var responseFor: EdXMLResponseFor
    /// The officer who acted.
    public var staff: EdXMLStaff?
    /// The status code as written (validation maps it to `EdXMLStatusCode`).
    public var statusCode: String
    /// What happened, in words.
    public var description: String?
    /// When, as written (`yyyy/MM/dd HH:mm:ss`).
    public var timestamp: String

    /// A status with everything given.
    public init(from: EdXMLOrgan, responseFor: EdXMLResponseFor, staff: EdXMLStaff? = nil, statusCode: String,
                description: String? = nil, timestamp: String) {
        self.from = from
        self.responseFor = responseFor
        self.staff = staff
        self.statusCode = statusCode
        self.description = description
        self.timestamp = timestamp
    }

    /// The known status code, `nil` for an unconfirmed or malformed one.
    public var code: EdXMLStatusCode? { EdXMLStatusCode(rawValue: statusCode) }
}

/// What an edXML package carries.
public enum EdXMLPackage: Sendable, Equatable {
    /// An official document (new, recall, update or replacement).
    case document(EdXMLDocument)
    /// A status message.
    case status(EdXMLStatus)
}

/// The verdict on a package's XML-DSig signature, kept with the document and shown.
public enum SignatureVerdict: Sendable, Hashable, Codable {
    /// No `Signature` element.
    case absent
    /// The signature verifies; `signer` is the certificate's subject when one was carried,
    /// `trusted` whether the certificate chained to a configured trust anchor.
    case valid(signer: String?, trusted: Bool)
    /// Present but does not verify, with why.
    case invalid(reason: String)
    /// Not checked (the reader was asked not to: benchmarks of the parser alone).
    case unchecked

    /// `valid`, `invalid` or `absent`.
    public var name: String {
        switch self {
        case .absent: "absent"
        case .valid: "valid"
        case .invalid: "invalid"
        case .unchecked: "unchecked"
        }
    }
}
