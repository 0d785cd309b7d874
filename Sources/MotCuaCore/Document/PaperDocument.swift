public import Foundation

/// A paper document the clerk registers by hand (văn bản giấy đến): what is printed on it.
public struct PaperDocument: Sendable, Hashable {
    /// The issuing organ's code, when it has one.
    public var organId: String?
    /// The issuing organ's name (Tác giả).
    public var organName: String
    /// Number (Số).
    public var number: String
    /// Notation (Ký hiệu), e.g. `STC-NS`.
    public var notation: String
    /// The document's date.
    public var date: CivilDate
    /// Type name (Tên loại), e.g. Công văn.
    public var typeName: String?
    /// Subject (Trích yếu).
    public var subject: String
    /// Urgency marking.
    public var urgency: EdXMLPriority
    /// Whether it is marked secret (MẬT and above): registered in the secret book.
    public var secret: Bool
    /// The handling deadline printed on it, if any.
    public var dueDate: CivilDate?
    /// The scan, when one is attached: name, type and bytes' digest and size.
    public var scan: DocumentRecord.Attachment?

    /// A paper document.
    public init(organId: String?, organName: String, number: String, notation: String, date: CivilDate, typeName: String?,
                subject: String, urgency: EdXMLPriority = .normal, secret: Bool = false, dueDate: CivilDate? = nil,
                scan: DocumentRecord.Attachment? = nil) {
        self.organId = organId
        self.organName = organName
        self.number = number
        self.notation = notation
        self.date = date
        self.typeName = typeName
        self.subject = subject
        self.urgency = urgency
        self.secret = secret
        self.dueDate = dueDate
        self.scan = scan
    }
}

extension DocumentArrival {
    /// The submission for a paper document addressed to `us`: registered in the ordinary
    /// or the secret incoming book (one number series for paper and electronic, Decree
    /// 30/2020 Art. 22). An organ without a code is keyed by its name for duplicates.
    public static func submission(_ paper: PaperDocument, to us: EdXMLOrgan, workflowID: String,
                                  rules: ClericalRules) -> Result<Submission, Refusal> {
        guard let book = rules.book(for: .incoming, secret: paper.secret) else {
            return .failure(Refusal(code: "no_register_book",
                                    reason: "Chưa khai báo sổ văn bản \(paper.secret ? "mật " : "")đến (config/documents.yaml)"))
        }
        let organId = paper.organId.flatMap { $0.isEmpty ? nil : $0 } ?? paper.organName
        let numberAndNotation = paper.notation.isEmpty ? paper.number : "\(paper.number)/\(paper.notation)"
        var header = EdXMLHeader(from: EdXMLOrgan(organId: organId, organName: paper.organName), to: [us],
                                 documentId: DocumentNotation.documentId(organId: organId, date: paper.date, numberAndNotation: numberAndNotation),
                                 codeNumber: paper.number, codeNotation: paper.notation, promulgationDate: EdXMLDates.text(paper.date),
                                 type: "1", subject: paper.subject)
        header.typeName = paper.typeName
        header.priority = String(paper.urgency.rawValue)
        header.dueDate = paper.dueDate.map(EdXMLDates.text)
        let record = DocumentRecord(direction: .incomingDocument, source: .paper, header: header, attachments: paper.scan.map { [$0] } ?? [],
                                    signature: .absent, book: book.id,
                                    handlingDays: rules.handlingDays[paper.urgency] ?? rules.handlingDays[.normal] ?? 10,
                                    dueDate: header.dueDate.flatMap(dueInstant))
        return .success(Submission(procedureCode: workflowID, channel: .postal, applicant: Applicant(name: paper.organName, kind: .agency),
                                   summary: paper.subject, document: record))
    }
}
