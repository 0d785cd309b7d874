/// The agency's clerical rules for official documents (Decree 30/2020): its abbreviation in
/// notations, the document types with their Appendix III abbreviations, the register books
/// (yearly number series), default handling deadlines by urgency, and what to do with
/// duplicates and invalid signatures. Read from `config/documents.yaml`.
public struct ClericalRules: Sendable, Equatable {
    /// The agency's abbreviation in notations, e.g. `SKHCN` in `15/QĐ-SKHCN`.
    public var agencyAbbreviation: String
    /// Document types, keyed by `DocumentType.code`.
    public var types: [DocumentType]
    /// Register books, incoming and outgoing, ordinary and secret.
    public var books: [RegisterBook]
    /// Working days to handle an incoming document, by urgency, when it carries no `DueDate`.
    public var handlingDays: [EdXMLPriority: Int]
    /// What a duplicate incoming document (same DocumentId, or same number, notation and
    /// issuing organ) does.
    public var duplicates: Policy
    /// What an incoming document whose signature does not verify does.
    public var invalidSignatures: Policy
    /// Whether an electronic document whose signature verifies is registered in the same
    /// transaction as its arrival (the system gives the incoming number at once: Decree
    /// 30/2020 Appendix VI); otherwise, and for paper, the clerk registers it.
    public var registerOnArrival = false

    /// Refuse (answered with status 02), or register with a flag for the clerk.
    public enum Policy: String, Sendable, Equatable {
        /// Answered with status 02 and not registered.
        case refuse
        /// Registered, flagged for the clerk to decide.
        case flag
    }

    /// Rules with everything given.
    public init(agencyAbbreviation: String, types: [DocumentType], books: [RegisterBook],
                handlingDays: [EdXMLPriority: Int], duplicates: Policy, invalidSignatures: Policy) {
        self.agencyAbbreviation = agencyAbbreviation
        self.types = types
        self.books = books
        self.handlingDays = handlingDays
        self.duplicates = duplicates
        self.invalidSignatures = invalidSignatures
    }

    /// The type with this code.
    public func type(_ code: String) -> DocumentType? { types.first { $0.code == code } }

    /// The book with this id.
    public func book(_ id: String) -> RegisterBook? { books.first { $0.id == id } }

    /// The book a document goes in: the secret book of that direction for a secret one.
    public func book(for direction: RegisterBook.Direction, secret: Bool) -> RegisterBook? {
        books.first { $0.direction == direction && $0.secret == secret }
    }
}

/// A kind of official document (tên loại văn bản) and its abbreviation in the notation.
public struct DocumentType: Sendable, Equatable {
    /// Stable key, e.g. `QD`, `CV`.
    public var code: String
    /// The type's name, e.g. `Quyết định`.
    public var name: String
    /// The Appendix III abbreviation, e.g. `QĐ`; empty for a công văn, which has none.
    public var abbreviation: String

    /// A type with everything given.
    public init(code: String, name: String, abbreviation: String) {
        self.code = code
        self.name = name
        self.abbreviation = abbreviation
    }
}

/// A register book (sổ văn bản): one yearly number series, from 1 on 1 January.
public struct RegisterBook: Sendable, Equatable {
    /// Incoming (sổ văn bản đến) or outgoing (sổ văn bản đi).
    public enum Direction: String, Sendable, Equatable {
        /// Incoming documents.
        case incoming
        /// Outgoing documents.
        case outgoing
    }

    /// Stable key, e.g. `den`, `di-mat`.
    public var id: String
    /// Its name on the register's cover, e.g. `Sổ văn bản đến`.
    public var name: String
    /// Incoming or outgoing.
    public var direction: Direction
    /// Whether it is the series for secret documents (kept apart by law).
    public var secret: Bool

    /// A book with everything given.
    public init(id: String, name: String, direction: Direction, secret: Bool) {
        self.id = id
        self.name = name
        self.direction = direction
        self.secret = secret
    }
}
