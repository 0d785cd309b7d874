public import Foundation

/// Reading a stored document: fields added after documents were first stored (the
/// recipients' answers, the cooperating opinions) default to empty when absent, so a
/// database written by an earlier version is read as it was.
extension DocumentRecord {
    enum CodingKeys: String, CodingKey {
        case direction, source, header, attachments, signature, packageSHA256, book, registerNumber, registeredAt, handlingDays, dueDate
        case duplicateOf, duplicateReason, lead, cooperating, passedOnAt, contentDestroyed, recallReason, answers, supersedes
        case supersededBy, replyTo, opinions
    }

    /// A document as stored.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(direction: try c.decode(CaseKind.self, forKey: .direction), source: try c.decode(Source.self, forKey: .source),
                  header: try c.decode(EdXMLHeader.self, forKey: .header), attachments: try c.decode([Attachment].self, forKey: .attachments),
                  signature: try c.decode(SignatureVerdict.self, forKey: .signature),
                  packageSHA256: try c.decodeIfPresent(String.self, forKey: .packageSHA256), book: try c.decode(String.self, forKey: .book),
                  handlingDays: try c.decode(Int.self, forKey: .handlingDays), dueDate: try c.decodeIfPresent(Date.self, forKey: .dueDate))
        registerNumber = try c.decodeIfPresent(Int.self, forKey: .registerNumber)
        registeredAt = try c.decodeIfPresent(Date.self, forKey: .registeredAt)
        duplicateOf = try c.decodeIfPresent(String.self, forKey: .duplicateOf)
        duplicateReason = try c.decodeIfPresent(String.self, forKey: .duplicateReason)
        lead = try c.decodeIfPresent(String.self, forKey: .lead)
        cooperating = try c.decodeIfPresent([String].self, forKey: .cooperating) ?? []
        passedOnAt = try c.decodeIfPresent(Date.self, forKey: .passedOnAt)
        contentDestroyed = try c.decodeIfPresent(Bool.self, forKey: .contentDestroyed) ?? false
        recallReason = try c.decodeIfPresent(String.self, forKey: .recallReason)
        answers = try c.decodeIfPresent([String: RecipientAnswer].self, forKey: .answers) ?? [:]
        supersedes = try c.decodeIfPresent(String.self, forKey: .supersedes)
        supersededBy = try c.decodeIfPresent(String.self, forKey: .supersededBy)
        replyTo = try c.decodeIfPresent(String.self, forKey: .replyTo)
        opinions = try c.decodeIfPresent([Opinion].self, forKey: .opinions) ?? []
    }
}
