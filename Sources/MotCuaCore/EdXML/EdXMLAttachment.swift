/// One `edXMLManifest/Reference`: what the sender says is attached.
public struct EdXMLReference: Sendable, Equatable, Codable {
    /// `cid:…`, matching an attachment.
    public var contentId: String
    /// MIME type.
    public var contentType: String?
    /// Description.
    public var description: String?
    /// File name: at most 200 characters.
    public var attachmentName: String?

    /// A manifest entry.
    public init(contentId: String, contentType: String? = nil, description: String? = nil, attachmentName: String? = nil) {
        self.contentId = contentId
        self.contentType = contentType
        self.description = description
        self.attachmentName = attachmentName
    }
}

/// One attachment, decoded from its base64 `ContentTransferEncoded`, with the SHA-256 of
/// the decoded bytes (what the register and the file store key on).
public struct EdXMLAttachment: Sendable, Equatable {
    /// `cid:…`.
    public var contentId: String
    /// File name.
    public var attachmentName: String
    /// Description.
    public var description: String?
    /// MIME type.
    public var contentType: String?
    /// The decoded bytes.
    public var content: [UInt8]
    /// Lowercase hex SHA-256 of `content`.
    public var sha256: String

    /// An attachment with its bytes and their digest.
    public init(contentId: String, attachmentName: String, description: String? = nil, contentType: String? = nil,
                content: [UInt8], sha256: String) {
        self.contentId = contentId
        self.attachmentName = attachmentName
        self.description = description
        self.contentType = contentType
        self.content = content
        self.sha256 = sha256
    }
}
