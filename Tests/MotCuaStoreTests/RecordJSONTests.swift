import Foundation
import MotCuaCore
@testable import MotCuaStore
import Testing

/// The hand-written record JSON must decode, with the types' synthesized `Decodable`, back
/// to exactly the values written — for every shape the engine produces.
@Suite("Record JSON round trip")
struct RecordJSONTests {
    func decoder() -> JSONDecoder { JSONDecoder() }

    /// Every dossier and event of one lifecycle that passes through supplement, reschedule,
    /// send-back and stop, with an applicant whose fields need escaping.
    static func lifecycle() throws -> [(Dossier, [DossierEvent])] {
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
        return all
    }

    @Test("dossiers and events from real lifecycles round-trip exactly")
    func roundTrip() throws {
        let all = try Self.lifecycle()
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

    @Test("a document with every field set, and with every optional one empty, round-trips through the hand-written JSON")
    func everyDocumentField() throws {
        var full = EdXMLHeader(from: EdXMLOrgan(organId: "000.00.32.H58", organName: "Sở \"Tài chính\"", organizationInCharge: "UBND tỉnh",
                                                organAdd: "Số 1\tđường A", email: "a@b.vn", telephone: "0208", fax: "0209", website: "https://x.vn"),
                               to: [EdXMLOrgan(organId: "me"), EdXMLOrgan(organId: "you", organName: "Bạn")],
                               documentId: "000.00.32.H58,2027/03/01,15/STC", codeNumber: "15", codeNotation: "STC",
                               promulgationDate: "2027/03/01", type: "2", subject: "Về việc \u{1F642} \\ / \u{0007}")
        full.place = "Thái Nguyên"; full.typeDetail = "1"; full.typeName = "Công văn"; full.content = "Nội dung\r\n"
        full.signerCompetence = "KT"; full.signerPosition = "Phó Giám đốc"; full.signerFullName = "Nguyễn Văn A"; full.dueDate = "2027/03/10"
        full.priority = "3"; full.sphereOfPromulgation = "Toàn tỉnh"; full.typerNotation = "NVB"; full.promulgationAmount = "5"; full.pageAmount = "2"
        full.direction = "0"; full.appendixes = ["Phụ lục 1", "Phụ lục 2"]; full.steeringType = "1"; full.toPlaces = ["Như trên", "Lưu: VT"]
        full.responseFor = [EdXMLResponseFor(organId: "o", code: "1/X", promulgationDate: "2027/01/01", documentId: "o,2027/01/01,1/X")]
        full.traces = [EdXMLTrace(organId: "x", timestamp: "2027/03/01 08:00:00"), EdXMLTrace(organId: "y", timestamp: "2027/03/01 08:01:00")]
        full.business = EdXMLBusiness(documentId: "d", docType: "3", reason: "Thay thế", paper: "0",
                                      staff: EdXMLStaff(department: "VP", staff: "Lan", mobile: "09", email: "l@x.vn"))
        var rich = DocumentRecord(direction: .incomingDocument, source: .paper, header: full,
                                  attachments: [.init(name: "a \"b\".pdf", contentType: "application/pdf", size: 3, sha256: "ab"),
                                                .init(name: "c.txt", contentType: "text/plain", size: 0, sha256: "cd")],
                                  signature: .valid(signer: nil, trusted: true), packageSHA256: "ef", book: "den-mat", handlingDays: 0,
                                  dueDate: Fixture.vn("2027-03-10T17:00").addingTimeInterval(0.123456))
        rich.registerNumber = 7; rich.registeredAt = Fixture.vn("2027-03-01T09:00").addingTimeInterval(1e-3)
        rich.duplicateOf = "C-0"; rich.duplicateReason = "the same DocumentId"; rich.lead = "QLKH"; rich.cooperating = ["QLCN", "TDC"]
        rich.passedOnAt = Fixture.vn("2027-03-01T10:00"); rich.contentDestroyed = true; rich.recallReason = "Nhầm"
        rich.answers = ["b": .init(organId: "b", code: "03", description: nil, timestamp: "t"), "a": .init(organId: "a", code: "06", description: "Xong", timestamp: "u")]
        rich.supersedes = "C-1"; rich.supersededBy = "C-3"; rich.replyTo = "C-4"
        rich.opinions = [.init(department: "QLCN", dueAt: Fixture.vn("2027-03-03T17:00")),
                         .init(department: "TDC", dueAt: Fixture.vn("2027-03-03T17:00"), givenAt: Fixture.vn("2027-03-02T08:00"), by: "B", text: "Đồng ý")]
        let bare = DocumentRecord(direction: .outgoingDocument, source: .api,
                                  header: EdXMLHeader(from: EdXMLOrgan(organId: "me"), to: [], documentId: "", codeNumber: "", codeNotation: "",
                                                      promulgationDate: "", type: "1", subject: "s"),
                                  book: "di", handlingDays: 0)
        for (i, record) in [rich, bare].enumerated() {
            for verdict in [SignatureVerdict.absent, .unchecked, .invalid(reason: "digest \"x\""), .valid(signer: "CN=A", trusted: false), record.signature] {
                var r = record
                r.signature = verdict
                let workflow = try #require(Fixture.catalog.documentWorkflow(r.direction))
                var d = try Engine.open(Submission(procedureCode: workflow.id, channel: .online, applicant: Applicant(name: "A", kind: .agency),
                                                   summary: "s", document: r),
                                        code: "C-\(i)", by: Actor(id: "c", name: "C", role: r.direction == .incomingDocument ? .clerk : .specialist,
                                                                   department: r.direction == .incomingDocument ? "VP" : "QLKH"),
                                        at: Fixture.vn("2027-03-01T08:00"), workflow: workflow, calendar: Fixture.calendar).get().dossier
                d.document = r
                let text = RecordJSON.dossier(d)
                #expect(try decoder().decode(Dossier.self, from: Data(text.utf8)) == d, "\(text)")
            }
        }
        // What Foundation's encoder wrote before (and earlier versions stored) still reads back the same.
        let foundation = try JSONEncoder().encode(rich)
        #expect(try decoder().decode(DocumentRecord.self, from: foundation) == rich)
    }

    @Test("a document stored before opinions and answers existed is read with both empty")
    func olderDocument() throws {
        var json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(DocumentRecord(
            direction: .incomingDocument, source: .axis,
            header: EdXMLHeader(from: EdXMLOrgan(organId: "o"), to: [EdXMLOrgan(organId: "me")], documentId: "o,2027/01/01,1/X",
                                codeNumber: "1", codeNotation: "X", promulgationDate: "2027/01/01", type: "1", subject: "s"),
            book: "den", handlingDays: 10))) as! [String: Any]
        json["opinions"] = nil
        json["answers"] = nil
        let older = try JSONSerialization.data(withJSONObject: json)
        let read = try decoder().decode(DocumentRecord.self, from: older)
        #expect(read.opinions.isEmpty && read.answers.isEmpty && read.header.documentId == "o,2027/01/01,1/X")
    }
}
