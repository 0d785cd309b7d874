/// The keys a duplicate is recognised by (Decree 30/2020 Appendix VI): the same
/// `DocumentId`, or the same number and notation from the same issuing organ.
public struct DuplicateKeys: Sendable, Hashable {
    /// `DocumentId` as sent.
    public var documentId: String
    /// Issuing organ, number and notation, normalised (trimmed, case-folded).
    public var organNumberNotation: String

    /// The keys of a header.
    public init(_ header: EdXMLHeader) {
        documentId = header.documentId
        organNumberNotation = [header.from.organId, header.codeNumber, header.codeNotation]
            .map { $0.trimmingSpaces.lowercased() }.joined(separator: "|")
    }

    /// Keys as stored.
    public init(documentId: String, organNumberNotation: String) {
        self.documentId = documentId
        self.organNumberNotation = organNumberNotation
    }

    /// Why `self` duplicates `other`, `nil` when it does not.
    public func duplicate(of other: DuplicateKeys) -> String? {
        if !documentId.isEmpty && documentId == other.documentId { return "the same DocumentId (\(documentId))" }
        if organNumberNotation == other.organNumberNotation { return "the same number, notation and issuing organ" }
        return nil
    }
}
