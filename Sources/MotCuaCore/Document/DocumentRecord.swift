public import Foundation

/// What a case that is an official document carries beyond a dossier's fields: the edXML
/// header as received (every field), the attachments by digest, the signature verdict,
/// where it is registered, and the director's instruction. The bytes of the package and
/// its attachments are not here: they stay in the store, found by their SHA-256.
public struct DocumentRecord: Sendable, Hashable, Codable {
    /// How the document reached the agency.
    public enum Source: String, Sendable, Hashable, Codable {
        /// Through the national document axis (trục liên thông).
        case axis
        /// Posted to the API as an edXML package.
        case api
        /// A paper document registered by the clerk.
        case paper
    }

    /// One attachment, described; its bytes are kept under `sha256`.
    public struct Attachment: Sendable, Hashable, Codable {
        /// File name as sent.
        public var name: String
        /// MIME type as sent.
        public var contentType: String
        /// Decoded size in bytes.
        public var size: Int
        /// SHA-256 of the decoded bytes, lower-case hex.
        public var sha256: String

        /// An attachment.
        public init(name: String, contentType: String, size: Int, sha256: String) {
            self.name = name
            self.contentType = contentType
            self.size = size
            self.sha256 = sha256
        }
    }

    /// Incoming or outgoing.
    public var direction: CaseKind
    /// How it arrived.
    public var source: Source
    /// The edXML header (MessageHeader) as received or drafted.
    public var header: EdXMLHeader
    /// Attachments, by digest.
    public var attachments: [Attachment]
    /// The signature's verdict, as checked on arrival.
    public var signature: SignatureVerdict
    /// SHA-256 of the whole package as received (lower-case hex), when there was one.
    public var packageSHA256: String?
    /// Register book id (`config/documents.yaml`), chosen on arrival: secret documents have their own.
    public var book: String
    /// The yearly number in the book, once registered.
    public var registerNumber: Int?
    /// When it was registered.
    public var registeredAt: Date?
    /// Working days to handle it when the sender gives no `DueDate` (by urgency, from config).
    public var handlingDays: Int
    /// The sender's `DueDate`, which wins over `handlingDays`.
    public var dueDate: Date?
    /// The case this duplicates, when registered flagged instead of refused.
    public var duplicateOf: String?
    /// Why it is a duplicate.
    public var duplicateReason: String?
    /// The lead department (đơn vị chủ trì), once the director has instructed.
    public var lead: String?
    /// Cooperating departments (đơn vị phối hợp).
    public var cooperating: [String]
    /// When the director's instruction passed it on (Ngày chuyển).
    public var passedOnAt: Date?
    /// Whether the content was destroyed on a recall (the metadata is kept).
    public var contentDestroyed: Bool
    /// Why an issued outgoing document was recalled, once it is.
    public var recallReason: String?
    /// An outgoing document's recipients' latest status answers, by organ.
    public var answers: [String: RecipientAnswer] = [:]
    /// The case this document (an update or a replacement, `BussinessDocType` 2 or 3)
    /// takes the place of.
    public var supersedes: String?
    /// The case of the update or replacement that took this document's place.
    public var supersededBy: String?
    /// The incoming document's case an outgoing one answers (its header's `ResponseFor`
    /// names that document to the recipients).
    public var replyTo: String?
    /// The cooperating departments' opinions asked with the director's instruction, in
    /// the order the departments were named.
    public var opinions: [Opinion] = []

    /// A document as it arrives.
    public init(direction: CaseKind, source: Source, header: EdXMLHeader, attachments: [Attachment] = [],
                signature: SignatureVerdict = .absent, packageSHA256: String? = nil, book: String, handlingDays: Int,
                dueDate: Date? = nil) {
        self.direction = direction
        self.source = source
        self.header = header
        self.attachments = attachments
        self.signature = signature
        self.packageSHA256 = packageSHA256
        self.book = book
        self.registerNumber = nil
        self.registeredAt = nil
        self.handlingDays = handlingDays
        self.dueDate = dueDate
        self.duplicateOf = nil
        self.duplicateReason = nil
        self.lead = nil
        self.cooperating = []
        self.contentDestroyed = false
    }

    /// One recipient's answer to an outgoing document (a status package it sent back).
    public struct RecipientAnswer: Sendable, Hashable, Codable {
        /// The recipient.
        public var organId: String
        /// The edXML status code (01–06, 15, 16).
        public var code: String
        /// Its description, when given.
        public var description: String?
        /// Its timestamp as sent (`yyyy/MM/dd HH:mm:ss`).
        public var timestamp: String

        /// An answer.
        public init(organId: String, code: String, description: String?, timestamp: String) {
            self.organId = organId
            self.code = code
            self.description = description
            self.timestamp = timestamp
        }
    }

    /// The keys a duplicate of this document would share with it.
    public var duplicateKeys: DuplicateKeys { DuplicateKeys(header) }

    /// The `DocumentId` of the document an update or replacement (`BussinessDocType` 2 or
    /// 3) takes the place of; `nil` for any other package.
    public var supersededDocumentId: String? {
        guard header.businessType == .update || header.businessType == .replacement,
              let id = header.business?.documentId, !id.isEmpty else { return nil }
        return id
    }
}

extension DocumentRecord {
    /// A cooperating department's opinion (ý kiến phối hợp): asked with the director's
    /// instruction, due by its own deadline, given by one of the department's officers.
    public struct Opinion: Sendable, Hashable, Codable {
        /// The cooperating department.
        public var department: String
        /// When it is due.
        public var dueAt: Date
        /// When it was given, once it is.
        public var givenAt: Date?
        /// Who gave it.
        public var by: String?
        /// What it says.
        public var text: String?

        /// An opinion asked of `department`, due at `dueAt`.
        public init(department: String, dueAt: Date, givenAt: Date? = nil, by: String? = nil, text: String? = nil) {
            self.department = department
            self.dueAt = dueAt
            self.givenAt = givenAt
            self.by = by
            self.text = text
        }
    }

    /// The departments whose opinion is asked and not given yet.
    public var pendingOpinions: [String] { opinions.filter { $0.givenAt == nil }.map(\.department) }
}
