public import Foundation

/// Turns a received edXML document into what the store keeps: the case's submission on the
/// incoming-document workflow, or the reason it is refused (answered 02). Pure: the rules,
/// the workflow and the time come in.
public enum DocumentArrival {
    /// Why an arriving document is not registered.
    public struct Refusal: Error, Sendable, Hashable {
        /// Machine code (`invalid_signature`, `not_for_us`, …).
        public var code: String
        /// What a clerk reads, and what the 02 status package says.
        public var reason: String

        /// A refusal.
        public init(code: String, reason: String) {
            self.code = code
            self.reason = reason
        }
    }

    /// The submission for `document`, from `source`, on the workflow `workflowID`. A
    /// signature that does not verify refuses it when the rules say so; under `flag` it is
    /// registered with the verdict kept and shown.
    public static func submission(_ document: EdXMLDocument, source: DocumentRecord.Source, packageSHA256: String?,
                                  workflowID: String, rules: ClericalRules) -> Result<Submission, Refusal> {
        let header = document.header
        if case let .invalid(why) = document.signature, rules.invalidSignatures == .refuse {
            return .failure(Refusal(code: "invalid_signature", reason: "Chữ ký số không hợp lệ: \(why)"))
        }
        switch header.businessType {
        case .new?: break
        case .update?, .replacement?:
            // Registered as a document of its own, in the original's place (the store links
            // the two in one transaction, or refuses it with 16 when there is no original).
            guard header.business.map({ !$0.documentId.isEmpty }) == true else {
                return .failure(Refusal(code: "missing_field", reason: "Gói tin cập nhật/thay thế thiếu DocumentId của văn bản gốc (Bussiness)"))
            }
        case .recall?, nil:
            return .failure(Refusal(code: "not_a_new_document",
                                    reason: "Gói tin thu hồi được xử lý theo văn bản gốc; loại nghiệp vụ (BussinessDocType) không rõ"))
        }
        guard let book = rules.book(for: .incoming, secret: false) else {
            return .failure(Refusal(code: "no_register_book", reason: "Chưa khai báo sổ văn bản đến (config/documents.yaml)"))
        }
        let urgency = header.urgency ?? .normal
        var record = DocumentRecord(
            direction: .incomingDocument, source: source, header: header,
            attachments: document.attachments.map {
                DocumentRecord.Attachment(name: $0.attachmentName, contentType: $0.contentType ?? "application/octet-stream",
                                          size: $0.content.count, sha256: $0.sha256)
            },
            signature: document.signature, packageSHA256: packageSHA256, book: book.id,
            handlingDays: rules.handlingDays[urgency] ?? rules.handlingDays[.normal] ?? 10,
            dueDate: header.dueDate.flatMap(dueInstant))
        record.cooperating = []
        let sender = header.from
        let applicant = Applicant(name: sender.organName ?? sender.organId, kind: .agency, phone: sender.telephone,
                                  email: sender.email, address: sender.organAdd)
        return .success(Submission(procedureCode: workflowID, channel: source == .paper ? .postal : .online, applicant: applicant,
                                   summary: header.subject, documents: [], submittedAt: nil, document: record))
    }

    /// A `DueDate` (`yyyy/MM/dd` or `yyyy-MM-dd`) as the end of that working day, 17:00 in
    /// Vietnam (UTC+7).
    static func dueInstant(_ text: String) -> Date? {
        guard let day = EdXMLDates.date(text) else { return nil }
        return Date(timeIntervalSince1970: Double(day.dayNumber) * 86_400 + 10 * 3600)
    }
}
