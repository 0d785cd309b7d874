import Foundation
import MotCuaCore
import Testing

private typealias F = DocumentFixture

/// The cooperating departments' opinions (ý kiến phối hợp): asked with the director's
/// instruction, each due by its deadline, given once by an officer of that department.
@Suite("Documents: cooperating opinions")
struct CooperatingOpinionTests {
    /// Registered at 09:00 on Monday 1 March 2027 and instructed at 10:00 with QLKH leading.
    func instructed(cooperating: [String], opinionDueAt: String? = nil) -> Result<Decision, Rejection> {
        var register = Command(action: "register")
        register.registerNumber = 1
        let d = try! F.decide(F.arrived().0, register, by: Actors.clerkVP, at: "2027-03-01T09:00").get().dossier
        var instruct = Command(action: "instruct", note: "QLKH chủ trì")
        instruct.lead = "QLKH"
        instruct.cooperating = cooperating
        instruct.opinionDueAt = opinionDueAt.map(Repository.vn)
        return F.decide(d, instruct, by: Actors.director, at: "2027-03-01T10:00")
    }

    @Test("each cooperating department is asked, by default within two working days; the instruction's date wins when given")
    func asked() throws {
        let decision = try instructed(cooperating: ["QLCN", "TDC"]).get()
        let opinions = try #require(decision.dossier.document?.opinions)
        #expect(opinions.map(\.department) == ["QLCN", "TDC"])
        let twoDays = Repository.calendar.addingWorkingDays(2, to: Repository.calendar.countingStart(from: Repository.vn("2027-03-01T10:00")))
        #expect(opinions.allSatisfy { $0.dueAt == twoDays && $0.givenAt == nil })
        #expect(decision.events[0].opinionDueAt == twoDays)
        #expect(decision.dossier.document?.pendingOpinions == ["QLCN", "TDC"])
        let set = try instructed(cooperating: ["QLCN"], opinionDueAt: "2027-03-02T16:00").get()
        #expect(set.dossier.document?.opinions.first?.dueAt == Repository.vn("2027-03-02T16:00"))
        // Never after the document's own deadline; never in the past.
        let late = try instructed(cooperating: ["QLCN"], opinionDueAt: "2027-12-31T16:00").get()
        #expect(late.dossier.document?.opinions.first?.dueAt == late.dossier.dueAt)
        guard case .failure(.invalidField("opinionDueAt", _)) = instructed(cooperating: ["QLCN"], opinionDueAt: "2027-02-27T16:00") else {
            Issue.record("an opinion deadline in the past was accepted")
            return
        }
        #expect(try instructed(cooperating: []).get().dossier.document?.opinions.isEmpty == true)
    }

    @Test("an officer of a cooperating department gives its opinion once; the lead, other departments and a second time are refused")
    func given() throws {
        var d = try instructed(cooperating: ["QLCN"]).get().dossier
        let opinion = { (text: String) -> Command in var c = Command(action: "give_opinion"); c.opinion = text; return c }
        if case .failure(.missingField(.opinion, _)) = F.decide(d, Command(action: "give_opinion"), by: Actors.specialistQLCN,
                                                                 at: "2027-03-01T14:00") {} else {
            Issue.record("an empty opinion was accepted")
        }
        for outsider in [Actors.headQLKH, Actors.specialistQLKH, Actors.director, Actor(id: "t", name: "T", role: .departmentHead, department: "TDC")] {
            guard case .failure(.forbidden) = F.decide(d, opinion("Đồng ý"), by: outsider, at: "2027-03-01T14:00") else {
                Issue.record("\(outsider.name) gave the cooperating department's opinion")
                return
            }
        }
        let given = try F.decide(d, opinion("Phòng QLCN thống nhất, đề nghị bổ sung số liệu quý IV"), by: Actors.specialistQLCN,
                                 at: "2027-03-01T14:00").get()
        d = given.dossier
        #expect(d.state == "instructed" && given.events[0].kind == .updated && given.events[0].edxmlStatus == nil)
        let recorded = try #require(d.document?.opinions.first)
        #expect(recorded.givenAt == Repository.vn("2027-03-01T14:00") && recorded.by == Actors.specialistQLCN.name)
        #expect(recorded.text == "Phòng QLCN thống nhất, đề nghị bổ sung số liệu quý IV" && given.events[0].opinion == recorded)
        #expect(d.document?.pendingOpinions.isEmpty == true)
        guard case .failure(.forbidden) = F.decide(d, opinion("Lần hai"), by: Actors.headQLCN, at: "2027-03-01T15:00") else {
            Issue.record("a second opinion was accepted")
            return
        }
        #expect(Engine.availableActions(d, for: Actors.headQLCN, workflow: F.workflow).isEmpty)
    }
}
