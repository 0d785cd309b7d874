import Foundation
import MotCuaCore
import MotCuaDefinitions

/// An incoming document on the shipped `van-ban-den` workflow, and the clerical rules.
enum DocumentFixture {
    static let rules: ClericalRules = DefinitionFiles.clericalRules(at: Repository.path("config/documents.yaml")).rules!
    static let workflow: Workflow = Repository.workflows.first { $0.caseKind == .incomingDocument }!
    static let sender = EdXMLOrgan(organId: "000.00.32.H58", organName: "Sở Tài chính tỉnh Thái Nguyên", email: "stc@thainguyen.gov.vn")
    static let us = EdXMLOrgan(organId: "000.00.01.H22", organName: "Sở Khoa học và Công nghệ")

    static func header(priority: String? = nil, dueDate: String? = nil, business: EdXMLBusiness? = nil) -> EdXMLHeader {
        var h = EdXMLHeader(from: sender, to: [us], documentId: "000.00.32.H58,2027/03/01,15/STC-QLNS", codeNumber: "15",
                            codeNotation: "STC-QLNS", promulgationDate: "2027/03/01", type: "2",
                            subject: "Về việc hướng dẫn lập dự toán ngân sách năm 2028")
        h.priority = priority
        h.dueDate = dueDate
        h.business = business
        h.content = "Nội dung văn bản"
        return h
    }

    static func document(_ header: EdXMLHeader = header(), signature: SignatureVerdict = .valid(signer: "CN=STC", trusted: true)) -> EdXMLDocument {
        EdXMLDocument(header: header, attachments: [EdXMLAttachment(contentId: "cid:1", attachmentName: "15-STC.pdf", contentType: "application/pdf",
                                                                     content: Array("%PDF-1.4".utf8), sha256: "ab")],
                      signature: signature)
    }

    /// A new case in `arrived`, from the axis (or `source`).
    static func arrived(_ document: EdXMLDocument = document(), source: DocumentRecord.Source = .axis,
                        at time: String = "2027-03-01T08:30") -> (Dossier, DossierEvent) {
        let submission = try! DocumentArrival.submission(document, source: source, packageSHA256: "cd", workflowID: workflow.id,
                                                         rules: rules).get()
        let decision = try! Engine.open(submission, code: "000.00.01.H22-270301-0001", by: Actors.clerkVP, at: Repository.vn(time),
                                        workflow: workflow, calendar: Repository.calendar).get()
        return (decision.dossier, decision.events[0])
    }

    static func decide(_ d: Dossier, _ command: Command, by actor: Actor, at time: String) -> Result<Decision, Rejection> {
        Engine.decide(d, command, by: actor, at: Repository.vn(time), workflow: workflow, calendar: Repository.calendar)
    }
}
