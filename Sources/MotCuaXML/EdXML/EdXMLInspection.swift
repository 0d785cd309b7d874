public import MotCuaCore

/// What `motcua edxml inspect` prints (and the API will show): a package's header or status,
/// its attachments by name, size and digest (not their bytes), the signature verdict and
/// every problem.
public struct EdXMLInspection: Encodable, Sendable {
    /// `document` or `status`.
    public var kind: String
    /// SHA-256 of the package bytes.
    public var sha256: String
    /// The header of a document.
    public var header: EdXMLHeader?
    /// The status of a status package.
    public var status: EdXMLStatus?
    /// The label of a known status code.
    public var statusLabel: String?
    /// The manifest of a document.
    public var manifest: [EdXMLReference]?
    /// The attachments, without their bytes.
    public var attachments: [Attachment]?
    /// The signature verdict of a document.
    public var signature: Signature?
    /// Errors and warnings.
    public var problems: [Problem]

    /// One attachment by name, size and digest.
    public struct Attachment: Encodable, Sendable {
        /// `cid:…`.
        public var contentId: String
        /// File name.
        public var attachmentName: String
        /// MIME type.
        public var contentType: String?
        /// Description.
        public var description: String?
        /// Decoded size in bytes.
        public var size: Int
        /// SHA-256 of the decoded bytes.
        public var sha256: String
    }

    /// The verdict as JSON: `verdict` (valid, invalid, absent) and its details.
    public struct Signature: Encodable, Sendable {
        /// `valid`, `invalid` or `absent`.
        public var verdict: String
        /// The certificate subject of a valid signature.
        public var signer: String?
        /// Whether a valid signature chained to a configured trust anchor.
        public var trusted: Bool?
        /// Why an invalid signature is invalid.
        public var reason: String?
    }

    /// The inspection of a reading.
    public init(_ reading: EdXMLReading) {
        sha256 = reading.sha256
        problems = reading.problems
        switch reading.package {
        case .status(let s):
            kind = "status"
            status = s
            statusLabel = s.code?.label
        case .document(let d):
            kind = "document"
            header = d.header
            manifest = d.manifest
            attachments = d.attachments.map {
                Attachment(contentId: $0.contentId, attachmentName: $0.attachmentName, contentType: $0.contentType,
                           description: $0.description, size: $0.content.count, sha256: $0.sha256)
            }
            switch d.signature {
            case .absent: signature = Signature(verdict: "absent")
            case .valid(let signer, let trusted): signature = Signature(verdict: "valid", signer: signer, trusted: trusted)
            case .invalid(let reason): signature = Signature(verdict: "invalid", reason: reason)
            case .unchecked: signature = Signature(verdict: "unchecked")
            }
        }
    }
}
