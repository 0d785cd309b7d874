import Foundation
import MotCuaCore
import Testing

@Suite("Incoming documents on the engine")
struct IncomingDocumentTests {
    typealias F = DocumentFixture

    @Test("arrival → 01; registration takes the store's number → 03 with the urgency's deadline; DueDate wins")
    func registration() throws {
        let (arrived, created) = F.arrived()
        #expect(arrived.kind == .incomingDocument)
        #expect(arrived.state == "arrived")
        #expect(created.edxmlStatus == "01")
        #expect(created.portalStatus == 0)
        #expect(arrived.applicant.name == "Sở Tài chính tỉnh Thái Nguyên")
        #expect(arrived.summary == "Về việc hướng dẫn lập dự toán ngân sách năm 2028")
        #expect(arrived.document?.book == "den")
        #expect(arrived.document?.handlingDays == 10)
        #expect(arrived.receivedAt == nil)
        // Without the number the store allots, there is no registration.
        guard case let .failure(.invalidField(field, _)) = F.decide(arrived, Command(action: "register"), by: Actors.clerkVP,
                                                                    at: "2027-03-01T09:00") else {
            Issue.record("registered without a number")
            return
        }
        #expect(field == "registerNumber")
        var command = Command(action: "register")
        command.registerNumber = 7
        let registered = try F.decide(arrived, command, by: Actors.clerkVP, at: "2027-03-01T09:00").get()
        let d = registered.dossier
        #expect(d.state == "registered")
        #expect(d.document?.registerNumber == 7)
        #expect(d.document?.registeredAt == Repository.vn("2027-03-01T09:00"))
        #expect(d.receivedAt == Repository.vn("2027-03-01T09:00"))
        #expect(registered.events[0].edxmlStatus == "03")
        #expect(registered.events[0].registerNumber == 7)
        // 10 working days from Monday 1 March 2027, 09:00: Monday 15 March, 09:00.
        #expect(d.dueAt == Repository.calendar.addingWorkingDays(10, to: Repository.vn("2027-03-01T09:00")))
        #expect(d.dueAt == Repository.vn("2027-03-15T09:00"))

        // Thượng khẩn: 2 working days; a DueDate given by the sender wins over both.
        let (urgent, _) = F.arrived(F.document(F.header(priority: "2")))
        let urgentDue = try F.decide(urgent, command, by: Actors.clerkVP, at: "2027-03-01T09:00").get().dossier.dueAt
        #expect(urgentDue == Repository.vn("2027-03-03T09:00"))
        let (dated, _) = F.arrived(F.document(F.header(priority: "2", dueDate: "2027/03/10")))
        let datedDue = try F.decide(dated, command, by: Actors.clerkVP, at: "2027-03-01T09:00").get().dossier.dueAt
        #expect(datedDue == Repository.vn("2027-03-10T17:00"))
    }

    @Test("the director names the lead and cooperating departments; the lead's head assigns; 04, 05, 06 on the way")
    func handling() throws {
        var d = F.arrived().0
        var register = Command(action: "register")
        register.registerNumber = 1
        d = try F.decide(d, register, by: Actors.clerkVP, at: "2027-03-01T09:00").get().dossier
        // The clerk may not instruct, and the director must name a lead.
        var clerkInstruct = Command(action: "instruct")
        clerkInstruct.lead = "QLKH"
        guard case .failure(.forbidden) = F.decide(d, clerkInstruct, by: Actors.clerkVP, at: "2027-03-01T10:00") else {
            Issue.record("the clerk instructed")
            return
        }
        if case .failure(.missingField(.lead, _)) = F.decide(d, Command(action: "instruct"), by: Actors.director, at: "2027-03-01T10:00") {} else {
            Issue.record("instruct without a lead was not refused for the missing lead")
        }
        var instruct = Command(action: "instruct", note: "Giao Phòng QLKH chủ trì, Phòng QLCN phối hợp")
        instruct.lead = "QLKH"
        instruct.cooperating = ["QLKH"]
        guard case .failure(.invalidField("cooperating", _)) = F.decide(d, instruct, by: Actors.director, at: "2027-03-01T10:00") else {
            Issue.record("the lead was accepted as its own cooperating department")
            return
        }
        instruct.cooperating = ["QLCN"]
        let instructed = try F.decide(d, instruct, by: Actors.director, at: "2027-03-01T10:00").get()
        d = instructed.dossier
        #expect(instructed.events[0].edxmlStatus == "04")
        #expect(instructed.events[0].lead == "QLKH")
        #expect(instructed.events[0].cooperating == ["QLCN"])
        #expect(d.department == "QLKH")
        #expect(d.document?.lead == "QLKH")
        #expect(WorkQueue.key(of: d, in: F.workflow) == "department_head@QLKH")
        // Who sees it now: the lead and the cooperating department, the clerk and the
        // director; not another department, not the one-stop desk, not the portal.
        #expect(ReadPolicy.access(d, by: Actors.headQLKH, workflow: F.workflow) == .whole)
        #expect(ReadPolicy.access(d, by: Actors.specialistQLCN, workflow: F.workflow) == .whole)
        #expect(ReadPolicy.access(d, by: Actors.clerkVP, workflow: F.workflow) == .whole)
        let tdc = Actor(id: "u-tdc", name: "Ngô Văn Tâm", role: .departmentHead, department: "TDC")
        #expect(ReadPolicy.access(d, by: tdc, workflow: F.workflow) == .none)
        #expect(ReadPolicy.access(d, by: Actors.desk, workflow: F.workflow) == .none)
        #expect(ReadPolicy.access(d, by: Actors.portal, workflow: F.workflow) == .none)

        // Only the lead department's head assigns, and only a specialist of the lead department.
        let qlkhSpecialist = Assignee(id: Actors.specialistQLKH.id, name: Actors.specialistQLKH.name)
        let assign = Command(action: "assign", assignee: qlkhSpecialist, assigneePosition: Owner(role: .specialist, department: "QLKH"))
        guard case .failure(.forbidden) = F.decide(d, assign, by: Actors.headQLCN, at: "2027-03-01T11:00") else {
            Issue.record("the cooperating department's head assigned the lead's document")
            return
        }
        let wrongPerson = Command(action: "assign", assignee: Actors.specialistAssignee, assigneePosition: Owner(role: .specialist, department: "QLCN"))
        guard case .failure(.invalidField("assignee", _)) = F.decide(d, wrongPerson, by: Actors.headQLKH, at: "2027-03-01T11:00") else {
            Issue.record("a specialist of another department was assigned")
            return
        }
        #expect(Engine.availableActions(d, for: Actors.headQLKH, workflow: F.workflow).map(\.action) == ["assign"])
        // The cooperating department's head may only give its opinion.
        #expect(Engine.availableActions(d, for: Actors.headQLCN, workflow: F.workflow).map(\.action) == ["give_opinion"])
        let assigned = try F.decide(d, assign, by: Actors.headQLKH, at: "2027-03-01T11:00").get()
        d = assigned.dossier
        #expect(assigned.events[0].edxmlStatus == "05")
        #expect(WorkQueue.key(of: d, in: F.workflow) == "specialist@QLKH#\(qlkhSpecialist.id)")
        let finished = try F.decide(d, Command(action: "finish", note: "Đã tổng hợp, gửi Sở Tài chính"), by: Actors.specialistQLKH,
                                    at: "2027-03-05T15:00").get()
        #expect(finished.events[0].edxmlStatus == "06")
        #expect(finished.dossier.finishedAt == Repository.vn("2027-03-05T15:00"))
        #expect(finished.dossier.outcome == .early)
        #expect(WorkQueue.key(of: finished.dossier, in: F.workflow) == nil)
    }

    @Test("a recall destroys the content and keeps the metadata → 15; a finished document cannot be recalled")
    func recall() throws {
        var d = F.arrived().0
        var register = Command(action: "register")
        register.registerNumber = 3
        d = try F.decide(d, register, by: Actors.clerkVP, at: "2027-03-01T09:00").get().dossier
        let recalled = try F.decide(d, Command(action: "recall", reason: "Văn bản ban hành nhầm"), by: Actors.clerkVP,
                                    at: "2027-03-01T14:00").get()
        let after = try #require(recalled.dossier.document)
        #expect(recalled.dossier.state == "recalled")
        #expect(recalled.events[0].edxmlStatus == "15")
        #expect(after.contentDestroyed)
        #expect(after.header.content == nil)
        #expect(after.attachments.isEmpty)
        // The metadata stays: the register line still reads.
        #expect(after.registerNumber == 3)
        #expect(after.header.subject == "Về việc hướng dẫn lập dự toán ngân sách năm 2028")
        #expect(after.header.documentId == "000.00.32.H58,2027/03/01,15/STC-QLNS")
        guard case .failure(.invalidAction) = F.decide(recalled.dossier, Command(action: "recall", reason: "again"), by: Actors.clerkVP,
                                                       at: "2027-03-01T15:00") else {
            Issue.record("a recalled document was recalled again")
            return
        }
    }

    @Test("refusal → 02 with the reason; an invalid signature is refused or flagged as the rules say")
    func refusal() throws {
        let (d, _) = F.arrived()
        let refused = try F.decide(d, Command(action: "refuse", reason: "Gửi nhầm cơ quan"), by: Actors.clerkVP, at: "2027-03-01T09:00").get()
        #expect(refused.events[0].edxmlStatus == "02")
        #expect(refused.dossier.state == "refused")
        let tampered = F.document(signature: .invalid(reason: "digest mismatch"))
        guard case let .failure(refusal) = DocumentArrival.submission(tampered, source: .axis, packageSHA256: nil, workflowID: F.workflow.id,
                                                                      rules: F.rules) else {
            Issue.record("an invalid signature was accepted under invalidSignatures: refuse")
            return
        }
        #expect(refusal.code == "invalid_signature")
        #expect(refusal.reason.contains("digest mismatch"))
        var lenient = F.rules
        lenient.invalidSignatures = .flag
        let flagged = try DocumentArrival.submission(tampered, source: .axis, packageSHA256: nil, workflowID: F.workflow.id, rules: lenient).get()
        #expect(flagged.document?.signature == .invalid(reason: "digest mismatch"))
        // A recall package is not a new document: it is applied to the original.
        let recall = F.document(F.header(business: EdXMLBusiness(documentId: "x", docType: "1")))
        guard case let .failure(notNew) = DocumentArrival.submission(recall, source: .axis, packageSHA256: nil, workflowID: F.workflow.id,
                                                                     rules: F.rules) else {
            Issue.record("a recall package opened a new case")
            return
        }
        #expect(notNew.code == "not_a_new_document")
    }

    @Test("a document never runs on a procedure's lifecycle, nor a dossier on the e-office's")
    func kindsDoNotMix() throws {
        let procedure = Repository.workflow("1.000173")
        let submission = try DocumentArrival.submission(F.document(), source: .axis, packageSHA256: nil, workflowID: F.workflow.id,
                                                        rules: F.rules).get()
        guard case .failure(.invalidField("document", _)) = Engine.open(submission, code: "c", by: Actors.desk, at: Repository.vn("2027-03-01T09:00"),
                                                                         workflow: procedure, calendar: Repository.calendar) else {
            Issue.record("a document opened on a procedure")
            return
        }
        let dossier = Submission(procedureCode: F.workflow.id, channel: .direct, applicant: Applicant(name: "Nguyễn Văn A"), summary: "x")
        guard case .failure(.invalidField("procedureCode", _)) = Engine.open(dossier, code: "c", by: Actors.clerkVP,
                                                                             at: Repository.vn("2027-03-01T09:00"), workflow: F.workflow,
                                                                             calendar: Repository.calendar) else {
            Issue.record("a dossier opened on the document workflow")
            return
        }
    }
}
