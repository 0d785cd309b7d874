import Foundation
import MotCuaCore
import Testing

@Suite("Engine: waiting for the applicant, rescheduling")
struct WaitingTests {
    @Test("a supplement round pauses the clock and moves the appointment by exactly the working time waited")
    func supplementRoundTrip() throws {
        var h = EngineHarness(at: "2027-03-01T08:00")
        let oldDue = try #require(h.dossier.dueAt)
        #expect(h.rejection("request_supplement", by: Actors.desk, at: "2027-03-02T09:00", reason: "Thiếu giấy tờ")
            == .missingField(.items, action: "request_supplement"))
        h.act("request_supplement", by: Actors.desk, at: "2027-03-02T09:00", reason: "Thiếu phiếu khám sức khỏe",
              items: ["Phiếu khám sức khỏe"])
        #expect(h.dossier.state == "supplement_requested")
        #expect(h.dossier.clock == .paused)
        #expect(h.dossier.supplementRounds == 1)
        #expect(h.events.last?.portalStatus == 5)
        #expect(h.dossier.dueAt == oldDue)
        h.act("submit_supplement", by: Actors.portal, at: "2027-03-04T10:00")
        #expect(h.dossier.state == "received")  // back where it came from
        #expect(h.dossier.clock == .running)
        // Waited: Tue 09:00–17:00 (6 h) + Wed (7 h 30) + Thu 07:30–10:00 (2 h 30) = 16 h.
        #expect(h.events.last?.waitedWorkingSeconds == 16 * 3600)
        #expect(h.dossier.pausedWorkingSeconds == 16 * 3600)
        // Old appointment Mon 15 March 08:00 + 16 working hours = Wed 17 March 09:00.
        #expect(h.iso(h.dossier.dueAt) == "2027-03-17T09:00:00+07:00")
        #expect(h.calendar.workingTime(from: oldDue, to: h.dossier.dueAt!) == 16 * 3600)
        #expect(h.iso(h.events.last?.previousDueAt) == "2027-03-15T08:00:00+07:00")
        // The desk's step moved by the same amount: Mon 13:45 + 16 h = Wed 14:45.
        #expect(h.iso(h.dossier.stepDueAt) == "2027-03-03T14:45:00+07:00")
    }

    @Test("a supplement from a step returns to that step with its officer; two rounds make the dossier late")
    func supplementFromStep() {
        var h = EngineHarness(at: "2027-03-01T08:00")
        h.act("forward", by: Actors.desk, at: "2027-03-01T09:00")
        h.act("forward", by: Actors.headQLCN, at: "2027-03-01T10:00", assignee: Actors.specialistAssignee)
        for round in 1...2 {
            h.act("request_supplement", by: Actors.specialistQLCN, at: "2027-03-0\(round + 1)T10:00", reason: "Thiếu",
                  items: ["Bản sao văn bằng"])
            #expect(h.rejection("submit_supplement", by: Actors.specialistQLCN, at: "2027-03-0\(round + 1)T11:00") != nil)
            h.act("submit_supplement", by: Actors.desk, at: "2027-03-0\(round + 1)T11:00")
            #expect(h.dossier.state == "appraisal")
            #expect(h.dossier.assignee == Actors.specialistAssignee)
        }
        #expect(h.dossier.supplementRounds == 2)
        h.act("forward", by: Actors.specialistQLCN, at: "2027-03-04T09:00")
        h.act("forward", by: Actors.headQLCN, at: "2027-03-04T10:00")
        h.act("forward", by: Actors.director, at: "2027-03-04T11:00")
        h.act("forward", by: Actors.clerkVP, at: "2027-03-04T14:00")
        // Finished well before the appointment, but more than one supplement counts as late (766/QĐ-TTg).
        #expect(h.dossier.outcome == .late)
    }

    @Test("a payment request pauses the clock; the desk confirms and the step resumes")
    func payment() {
        var h = EngineHarness(at: "2027-03-01T08:00")
        h.act("forward", by: Actors.desk, at: "2027-03-01T09:00")
        h.act("forward", by: Actors.headQLCN, at: "2027-03-01T10:00", assignee: Actors.specialistAssignee)
        #expect(h.rejection("request_payment", by: Actors.specialistQLCN, at: "2027-03-02T10:00")
            == .missingField(.reason, action: "request_payment"))
        h.act("request_payment", by: Actors.specialistQLCN, at: "2027-03-02T10:00", reason: "Nộp lệ phí 200.000 đồng")
        #expect(h.dossier.state == "payment_requested")
        #expect(h.dossier.clock == .paused)
        #expect(h.events.last?.portalStatus == 6)
        if case .forbidden = h.rejection("confirm_payment", by: Actors.portal, at: "2027-03-02T11:00") {} else {
            Issue.record("only the desk confirms a payment")
        }
        h.act("confirm_payment", by: Actors.desk, at: "2027-03-02T11:00")
        #expect(h.dossier.state == "appraisal")
        #expect(h.events.last?.waitedWorkingSeconds == 3600)
        #expect(h.dossier.supplementRounds == 0)
    }

    @Test("reschedule: department head or director, with reason and a later date, once per dossier")
    func reschedule() {
        var h = EngineHarness(at: "2027-03-01T08:00")
        h.act("forward", by: Actors.desk, at: "2027-03-01T09:00")
        #expect(h.rejection("reschedule", by: Actors.headQLCN, at: "2027-03-01T10:00", newDueAt: "2027-03-20T08:00")
            == .missingField(.reason, action: "reschedule"))
        if case .forbidden = h.rejection("reschedule", by: Actors.headQLKH, at: "2027-03-01T10:00", reason: "x",
                                         newDueAt: "2027-03-20T08:00") {} else {
            Issue.record("the head of another department may not reschedule")
        }
        if case .forbidden = h.rejection("reschedule", by: Actors.desk, at: "2027-03-01T10:00", reason: "x",
                                         newDueAt: "2027-03-20T08:00") {} else {
            Issue.record("the desk may not reschedule")
        }
        #expect(h.rejection("reschedule", by: Actors.headQLCN, at: "2027-03-01T10:00", reason: "x", newDueAt: "2027-03-10T08:00")
            == .invalidField("newDueAt", reason: "must be later than the current appointment"))
        let e = h.act("reschedule", by: Actors.headQLCN, at: "2027-03-01T10:00", reason: "Cần kiểm tra thực tế cơ sở",
                      newDueAt: "2027-03-22T08:00")
        #expect(e?.kind == .updated)
        #expect(h.iso(e?.previousDueAt) == "2027-03-15T08:00:00+07:00")
        #expect(h.iso(h.dossier.dueAt) == "2027-03-22T08:00:00+07:00")
        #expect(h.dossier.state == "assignment")
        let again = h.rejection("reschedule", by: Actors.director, at: "2027-03-02T10:00", reason: "y", newDueAt: "2027-03-29T08:00")
        #expect(again == .alreadyUsed(action: "reschedule"))
        #expect(again?.code == "already_rescheduled")
        #expect(!Engine.availableActions(h.dossier, for: Actors.director, workflow: h.workflow).contains { $0.action == "reschedule" })
    }
}
