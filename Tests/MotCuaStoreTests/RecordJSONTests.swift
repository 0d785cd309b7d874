import Foundation
import MotCuaCore
@testable import MotCuaStore
import Testing

/// The hand-written record JSON must decode, with the types' synthesized `Decodable`, back
/// to exactly the values written — for every shape the engine produces.
@Suite("Record JSON round trip")
struct RecordJSONTests {
    func decoder() -> JSONDecoder { JSONDecoder() }

    @Test("dossiers and events from real lifecycles round-trip exactly")
    func roundTrip() throws {
        let workflow = Fixture.catalog.workflow(forProcedure: "1.000173")!
        var applicant = Applicant(name: "Nguyễn \"Văn\" A\\B\n\t\u{1}", idNumber: "0620", kind: .enterprise, phone: nil,
                                  email: "a@example.vn", address: "Số 1, Lê Lợi 🙂")
        applicant.phone = "0905"
        let submission = Submission(procedureCode: "1.000173", channel: .online, applicant: applicant, summary: "Trích yếu",
                                    documents: [SubmittedDocument(name: "Đơn", copies: 2, form: .certifiedCopy)],
                                    submittedAt: Fixture.vn("2027-02-28T21:00").addingTimeInterval(0.123))
        let portal = Actor(id: "p", name: "Cổng", role: .portal)
        var d = try Engine.open(submission, code: "C-1", by: portal, at: Fixture.vn("2027-03-01T08:00"), workflow: workflow,
                                calendar: Fixture.calendar).get()
        var all: [(Dossier, [DossierEvent])] = [(d.dossier, d.events)]
        let head = Fixture.head
        let specialist = Actor(id: Fixture.specialist.id, name: Fixture.specialist.name, role: .specialist, department: "QLCN")
        let steps: [(Command, Actor)] = [
            (Command(action: "accept"), Fixture.desk), (Command(action: "forward"), Fixture.desk),
            (Command(action: "forward", assignee: Fixture.specialist, assigneePosition: Fixture.specialistPosition), head),
            (Command(action: "request_supplement", reason: "Thiếu", items: ["A", "B \"c\""]), specialist),
            (Command(action: "submit_supplement"), Fixture.desk),
            (Command(action: "reschedule", reason: "Gia hạn", newDueAt: Fixture.vn("2027-04-30T16:00")), head),
            (Command(action: "forward", note: "Đã thẩm định"), specialist), (Command(action: "send_back", note: "Xem lại"), head),
            (Command(action: "forward"), specialist), (Command(action: "forward"), head),
            (Command(action: "stop", reason: "Không đủ điều kiện"), Actor(id: "dir", name: "Giám đốc", role: .director)),
        ]
        var time = Fixture.vn("2027-03-01T09:00")
        for (command, actor) in steps {
            time = time.addingTimeInterval(5400.5)
            d = try Engine.decide(d.dossier, command, by: actor, at: time, workflow: workflow, calendar: Fixture.calendar).get()
            all.append((d.dossier, d.events))
        }
        for (dossier, events) in all {
            let decoded = try decoder().decode(Dossier.self, from: Data(RecordJSON.dossier(dossier).utf8))
            #expect(decoded == dossier)
            for e in events {
                #expect(try decoder().decode(DossierEvent.self, from: Data(RecordJSON.event(e).utf8)) == e)
            }
        }
        #expect(all.last?.0.state == "stopped")
        #expect(all.contains { $0.0.pausedAt != nil } && all.contains { !$0.0.stepAssignees.isEmpty })
    }

    @Test("document cases (header, attachments, verdict, number, instruction, recall) and their events round-trip exactly")
    func documents() throws {
        let workflow = try #require(Fixture.catalog.documentWorkflow(.incomingDocument))
        var header = EdXMLHeader(from: EdXMLOrgan(organId: "000.00.32.H58", organName: "Sở \"Tài chính\"\n"), to: [EdXMLOrgan(organId: "me")],
                                 documentId: "000.00.32.H58,2027/03/01,15/STC", codeNumber: "15", codeNotation: "STC",
                                 promulgationDate: "2027/03/01", type: "2", subject: "Về việc 🙂")
        header.traces = [EdXMLTrace(organId: "x", timestamp: "2027/03/01 08:00:00")]
        header.content = "Nội dung"
        var record = DocumentRecord(direction: .incomingDocument, source: .axis, header: header,
                                    attachments: [.init(name: "a.pdf", contentType: "application/pdf", size: 3, sha256: "ab")],
                                    signature: .valid(signer: "CN=STC", trusted: false), packageSHA256: "cd", book: "den",
                                    handlingDays: 3, dueDate: Fixture.vn("2027-03-10T17:00").addingTimeInterval(0.25))
        record.duplicateOf = "C-0"
        record.duplicateReason = "the same DocumentId"
        let clerk = Actor(id: "c", name: "Văn thư", role: .clerk, department: "VP")
        let submission = Submission(procedureCode: workflow.id, channel: .online, applicant: Applicant(name: "Sở Tài chính", kind: .agency),
                                    summary: "Về việc", document: record)
        var d = try Engine.open(submission, code: "C-2", by: clerk, at: Fixture.vn("2027-03-01T08:00"), workflow: workflow,
                                calendar: Fixture.calendar).get()
        var all: [(Dossier, [DossierEvent])] = [(d.dossier, d.events)]
        var register = Command(action: "register")
        register.registerNumber = 12
        var instruct = Command(action: "instruct", note: "Chủ trì")
        instruct.lead = "QLCN"
        instruct.cooperating = ["QLKH", "TDC"]
        let steps: [(Command, Actor)] = [
            (register, clerk), (instruct, Actor(id: "dir", name: "Giám đốc", role: .director)),
            (Command(action: "recall", reason: "Ban hành nhầm"), clerk),
        ]
        var time = Fixture.vn("2027-03-01T09:00")
        for (command, actor) in steps {
            time = time.addingTimeInterval(3600.5)
            d = try Engine.decide(d.dossier, command, by: actor, at: time, workflow: workflow, calendar: Fixture.calendar).get()
            all.append((d.dossier, d.events))
        }
        for (dossier, events) in all {
            #expect(try decoder().decode(Dossier.self, from: Data(RecordJSON.dossier(dossier).utf8)) == dossier)
            for e in events {
                #expect(try decoder().decode(DossierEvent.self, from: Data(RecordJSON.event(e).utf8)) == e)
            }
        }
        #expect(all.last?.0.document?.contentDestroyed == true)
        #expect(all[1].1.first?.registerNumber == 12)
        #expect(all[2].1.first?.cooperating == ["QLKH", "TDC"])
    }
}
