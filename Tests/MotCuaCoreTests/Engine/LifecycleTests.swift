import Foundation
import MotCuaCore
import Testing

@Suite("Engine: the standard lifecycle")
struct LifecycleTests {
    @Test("a desk submission runs through every step to returned")
    func fullLifecycle() throws {
        var h = EngineHarness(at: "2027-03-01T08:00")
        #expect(h.dossier.state == "received")
        #expect(h.dossier.version == 1)
        #expect(h.dossier.clock == .running)
        #expect(h.iso(h.dossier.receivedAt) == "2027-03-01T08:00:00+07:00")
        #expect(h.iso(h.dossier.dueAt) == "2027-03-15T08:00:00+07:00")      // 10 working days
        #expect(h.iso(h.dossier.stepDueAt) == "2027-03-01T13:45:00+07:00")  // desk share: half a day
        #expect(h.events.map(\.kind) == [.created])

        h.act("forward", by: Actors.desk, at: "2027-03-01T10:00")
        #expect(h.dossier.state == "assignment")
        #expect(h.dossier.department == "QLCN")
        #expect(h.events.last?.step?.outcome == .onTime)
        #expect(h.rejection("forward", by: Actors.headQLCN, at: "2027-03-01T14:00") == .missingField(.assignee, action: "forward"))
        h.act("forward", by: Actors.headQLCN, at: "2027-03-01T14:00", assignee: Actors.specialistAssignee)
        #expect(h.dossier.state == "appraisal")
        #expect(h.dossier.assignee == Actors.specialistAssignee)
        #expect(h.iso(h.dossier.stepDueAt) == "2027-03-09T14:00:00+07:00")  // 6 working days
        h.act("forward", by: Actors.specialistQLCN, at: "2027-03-08T09:00")
        #expect(h.events.last?.step?.outcome == .early)
        h.act("forward", by: Actors.headQLCN, at: "2027-03-09T10:00")
        #expect(h.events.last?.step?.outcome == .late)  // review was due 03-09 09:00
        #expect(h.iso(h.dossier.stepDueAt) == "2027-03-10T15:45:00+07:00")  // 1.5 days for the director
        h.act("forward", by: Actors.director, at: "2027-03-10T09:00")
        h.act("forward", by: Actors.clerkVP, at: "2027-03-10T11:00")
        #expect(h.dossier.state == "result_ready")
        #expect(h.dossier.clock == .stopped)
        #expect(h.iso(h.dossier.finishedAt) == "2027-03-10T11:00:00+07:00")
        #expect(h.dossier.outcome == .early)
        h.act("deliver", by: Actors.desk, at: "2027-03-11T08:00")
        #expect(h.dossier.state == "returned")
        #expect(h.iso(h.dossier.returnedAt) == "2027-03-11T08:00:00+07:00")
        #expect(h.events.map(\.portalStatus) == [2, 4, 4, 4, 4, 4, 9, 10])
        #expect(h.events.map(\.seq) == Array(1...8))
        #expect(h.dossier.version == 8)
        for action in ["forward", "withdraw", "deliver", "reschedule", "assign"] {
            if case .invalidAction = h.rejection(action, by: Actors.desk, at: "2027-03-12T08:00", reason: "x") {} else {
                Issue.record("\(action) must be refused in a terminal state")
            }
        }
    }

    @Test("an online submission waits for the desk: accept or reject")
    func onlineSubmission() {
        var h = EngineHarness(by: Actors.portal, at: "2027-03-01T20:00", channel: .online)
        #expect(h.dossier.state == "submitted")
        #expect(h.dossier.clock == .notStarted)
        #expect(h.dossier.dueAt == nil)
        #expect(h.events.first?.portalStatus == 1)
        #expect(h.rejection("accept", by: Actors.specialistQLCN, at: "2027-03-02T08:00") != nil)
        var rejected = h
        #expect(rejected.rejection("reject", by: Actors.desk, at: "2027-03-02T08:00") == .missingField(.reason, action: "reject"))
        rejected.act("reject", by: Actors.desk, at: "2027-03-02T08:00", reason: "Hồ sơ không thuộc thẩm quyền")
        #expect(rejected.dossier.state == "rejected")
        #expect(rejected.events.last?.portalStatus == 3)
        h.act("accept", by: Actors.desk, at: "2027-03-02T08:00")
        #expect(h.dossier.state == "received")
        #expect(h.iso(h.dossier.dueAt) == "2027-03-16T08:00:00+07:00")
    }

    @Test("the portal may not log a dossier as a desk officer would; a specialist may not log at all")
    func whoMayLog() {
        let w = Repository.workflow("1.000173")
        let s = Submission(procedureCode: "1.000173", channel: .direct, applicant: Applicant(name: "A"), summary: "x")
        let r = Engine.open(s, code: "c", by: Actors.specialistQLCN, at: Repository.vn("2027-03-01T08:00"), workflow: w,
                            calendar: Repository.calendar)
        if case .failure(.forbidden) = r {} else { Issue.record("a specialist must not log a submission") }
        let blank = Submission(procedureCode: "1.000173", channel: .direct, applicant: Applicant(name: "  "), summary: "x")
        let b = Engine.open(blank, code: "c", by: Actors.desk, at: Repository.vn("2027-03-01T08:00"), workflow: w, calendar: Repository.calendar)
        if case .failure(.invalidField("applicant.name", _)) = b {} else { Issue.record("a blank applicant name must be refused") }
    }

    @Test("send_back needs a note and returns to the previous step")
    func sendBack() {
        var h = EngineHarness(at: "2027-03-01T08:00")
        h.forward(3)
        #expect(h.rejection("send_back", by: Actors.headQLCN, at: "2027-03-02T11:00") == .missingField(.note, action: "send_back"))
        h.act("send_back", by: Actors.headQLCN, at: "2027-03-02T11:00", note: "Bổ sung ý kiến thẩm định")
        #expect(h.dossier.state == "appraisal")
        // Back to the specialist who appraised it, without naming them again.
        #expect(h.dossier.assignee == Actors.specialistAssignee)
        #expect(h.events.last?.note == "Bổ sung ý kiến thẩm định")
        // Sent back to the desk, the dossier keeps its receipt time and appointment.
        h.act("send_back", by: Actors.specialistQLCN, at: "2027-03-02T14:00", note: "Xem lại")
        h.act("send_back", by: Actors.headQLCN, at: "2027-03-02T15:00", note: "Kiểm tra lại thành phần hồ sơ")
        #expect(h.dossier.state == "received")
        #expect(h.iso(h.dossier.receivedAt) == "2027-03-01T08:00:00+07:00")
        #expect(h.iso(h.dossier.dueAt) == "2027-03-15T08:00:00+07:00")
    }

    @Test("assign keeps the state and names the officer")
    func assign() {
        var h = EngineHarness(at: "2027-03-01T08:00")
        h.act("forward", by: Actors.desk, at: "2027-03-01T09:00")
        let e = h.act("assign", by: Actors.headQLCN, at: "2027-03-01T09:30", assignee: Actors.specialistAssignee)
        #expect(e?.kind == .updated)
        #expect(h.dossier.state == "assignment")
        #expect(h.dossier.assignee == Actors.specialistAssignee)
        #expect(h.dossier.version == 3)
    }

    @Test("the engine refuses an officer who cannot work on the step, or one it knows nothing of")
    func ineligibleAssignee() {
        var h = EngineHarness(at: "2027-03-01T08:00")
        h.act("forward", by: Actors.desk, at: "2027-03-01T09:00")
        let other = Assignee(id: Actors.specialistQLKH.id, name: Actors.specialistQLKH.name)
        guard case let .invalidField(field, reason)? = h.rejection("forward", by: Actors.headQLCN, at: "2027-03-01T10:00", assignee: other) else {
            Issue.record("a specialist of another department was accepted")
            return
        }
        #expect(field == "assignee")
        #expect(reason.contains(Actors.specialistQLKH.name) && reason.contains("specialist@QLCN"))
        let stranger = Command(action: "forward", assignee: Assignee(id: "u-x", name: "Người lạ"))
        guard case .failure(.invalidField("assignee", _)) = Engine.decide(h.dossier, stranger, by: Actors.headQLCN, at: Repository.vn("2027-03-01T10:00"),
                                                                           workflow: h.workflow, calendar: h.calendar) else {
            Issue.record("an assignee without a known role and department was accepted")
            return
        }
        #expect(h.dossier.version == 2, "nothing applied")
        h.act("forward", by: Actors.headQLCN, at: "2027-03-01T10:00", assignee: Actors.specialistAssignee)
        #expect(h.dossier.assignee == Actors.specialistAssignee)
    }

    @Test("stop needs a reason, is the director's at approval, and finishes the dossier")
    func stop() {
        var h = EngineHarness(at: "2027-03-01T08:00")
        h.forward(4)
        #expect(h.dossier.state == "approval")
        if case .forbidden = h.rejection("stop", by: Actors.headQLCN, at: "2027-03-02T14:00", reason: "x") {} else {
            Issue.record("only the director may stop at approval")
        }
        #expect(h.rejection("stop", by: Actors.director, at: "2027-03-02T14:00") == .missingField(.reason, action: "stop"))
        h.act("stop", by: Actors.director, at: "2027-03-02T14:00", reason: "Không đủ điều kiện cấp chứng chỉ")
        #expect(h.dossier.state == "stopped")
        #expect(h.events.last?.portalStatus == 8)
        #expect(h.iso(h.dossier.finishedAt) == "2027-03-02T14:00:00+07:00")
        #expect(h.dossier.clock == .stopped)
    }

    @Test("withdraw: desk or portal, with a reason, from any non-terminal state")
    func withdraw() {
        var h = EngineHarness(at: "2027-03-01T08:00")
        if case .forbidden = h.rejection("withdraw", by: Actors.headQLCN, at: "2027-03-01T09:00", reason: "x") {} else {
            Issue.record("a department head may not withdraw")
        }
        h.act("withdraw", by: Actors.portal, at: "2027-03-01T09:00", reason: "Công dân rút hồ sơ")
        #expect(h.dossier.state == "withdrawn")
        #expect(h.events.last?.portalStatus == 7)
        #expect(h.dossier.finishedAt != nil)
    }

    @Test("version conflict: a stale If-Match is refused")
    func versionConflict() {
        let h = EngineHarness(at: "2027-03-01T08:00")
        #expect(h.rejection("forward", by: Actors.desk, at: "2027-03-01T09:00", expectedVersion: 7)
            == .versionConflict(expected: 7, actual: 1))
    }
}
