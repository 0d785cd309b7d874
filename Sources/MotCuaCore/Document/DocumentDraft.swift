/// An outgoing document as a specialist drafts it (Decree 30/2020 Art. 10–11): its type,
/// subject, content, recipients from the directory and urgency. Number and date come when
/// the clerk numbers it; the notation is fixed now by the type (`QĐ-SKHCN`, or for a công văn
/// the agency and the drafting unit, `SKHCN-VP`).
public struct DocumentDraft: Sendable, Hashable {
    /// Type code from `config/documents.yaml` (`QĐ`, `CV`, …).
    public var type: String
    /// Subject (trích yếu).
    public var subject: String
    /// Content, when written in the system.
    public var content: String?
    /// Recipients.
    public var recipients: [EdXMLOrgan]
    /// Urgency.
    public var urgency: EdXMLPriority
    /// Whether it is secret (numbered in the secret book).
    public var secret: Bool
    /// Its attachments (the files themselves are kept by the store), sent with it when issued.
    public var attachments: [DocumentRecord.Attachment]
    /// The case of the incoming document it answers, as the drafter names it.
    public var replyTo: String?
    /// That document's header, once the case is found (`ResponseFor` is written from it).
    public var replyHeader: EdXMLHeader?

    /// A draft.
    public init(type: String, subject: String, content: String? = nil, recipients: [EdXMLOrgan], urgency: EdXMLPriority = .normal,
                secret: Bool = false, attachments: [DocumentRecord.Attachment] = []) {
        self.attachments = attachments
        self.type = type
        self.subject = subject
        self.content = content
        self.recipients = recipients
        self.urgency = urgency
        self.secret = secret
    }

    /// The new case for this draft by a specialist of `unit` in the agency `us`, or why not.
    public func submission(from us: EdXMLOrgan, unit: String, workflowID: String,
                           rules: ClericalRules) -> Result<Submission, DocumentArrival.Refusal> {
        guard let documentType = rules.type(type) else {
            return .failure(.init(code: "unknown_type", reason: "Không có loại văn bản '\(type)' trong config/documents.yaml"))
        }
        guard let book = rules.book(for: .outgoing, secret: secret) else {
            return .failure(.init(code: "no_register_book", reason: "Chưa khai báo sổ văn bản \(secret ? "mật " : "")đi (config/documents.yaml)"))
        }
        guard !recipients.isEmpty else { return .failure(.init(code: "no_recipient", reason: "Văn bản đi cần ít nhất một nơi nhận")) }
        guard Set(recipients.map(\.organId)).count == recipients.count else {
            return .failure(.init(code: "duplicate_recipient", reason: "Một nơi nhận được chọn hai lần"))
        }
        var header = EdXMLHeader(from: us, to: recipients, documentId: "", codeNumber: "",
                                 codeNotation: DocumentNotation.notation(type: documentType, agency: rules.agencyAbbreviation, unit: unit),
                                 promulgationDate: "", type: "1", subject: subject)
        header.typeName = documentType.name
        header.content = content
        header.priority = String(urgency.rawValue)
        var record = DocumentRecord(direction: .outgoingDocument, source: .api, header: header, attachments: attachments, book: book.id,
                                    handlingDays: 0)
        record.lead = unit
        if let replyTo, let answered = replyHeader {
            record.replyTo = replyTo
            record.header.responseFor = [EdXMLResponseFor(organId: answered.from.organId, code: answered.numberAndNotation,
                                                          promulgationDate: answered.promulgationDate, documentId: answered.documentId)]
        }
        return .success(Submission(procedureCode: workflowID, channel: .direct, applicant: Applicant(name: us.organName ?? us.organId, kind: .agency),
                                   summary: subject, document: record))
    }
}
