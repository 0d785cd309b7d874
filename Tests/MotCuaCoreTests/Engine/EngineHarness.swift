import Foundation
import MotCuaCore
import Testing

/// Drives one dossier through the engine, keeping the events, failing the test on an
/// unexpected rejection.
struct EngineHarness {
    let workflow: Workflow
    let calendar: WorkingCalendar
    var dossier: Dossier
    var events: [DossierEvent]

    init(procedure: String = "1.000173", by actor: Actor = Actors.desk, at time: String, channel: Channel = .direct,
         calendar: WorkingCalendar = Repository.calendar) {
        workflow = Repository.workflow(procedure)
        self.calendar = calendar
        let submission = Submission(procedureCode: procedure, channel: channel,
                                    applicant: Applicant(name: "Nguyễn Văn A", idNumber: "062090001234", email: "a@example.vn"),
                                    summary: "Cấp chứng chỉ nhân viên bức xạ", documents: [SubmittedDocument(name: "Đơn đề nghị")])
        let decision = try! Engine.open(submission, code: "000.00.01.H22-270301-0001", by: actor, at: Repository.vn(time),
                                        workflow: workflow, calendar: calendar).get()
        dossier = decision.dossier
        events = decision.events
    }

    /// Performs an action that must succeed; returns its event.
    @discardableResult
    mutating func act(_ action: String, by actor: Actor, at time: String, note: String? = nil, reason: String? = nil,
                      items: [String]? = nil, assignee: Assignee? = nil, newDueAt: String? = nil,
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) -> DossierEvent? {
        let command = Command(action: action, note: note, reason: reason, items: items, assignee: assignee,
                              assigneePosition: Actors.position(of: assignee), newDueAt: newDueAt.map(Repository.vn))
        switch Engine.decide(dossier, command, by: actor, at: Repository.vn(time), workflow: workflow, calendar: calendar) {
        case let .success(decision):
            dossier = decision.dossier
            events += decision.events
            return decision.events.last
        case let .failure(rejection):
            Issue.record("\(action) by \(actor.role.rawValue) rejected: \(rejection)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// Forwards a desk-logged dossier (received at 2027-03-01 08:00) along the steps, one
    /// forward per entry of `owners`, on 1–2 March.
    mutating func forward(_ count: Int) {
        let owners = [Actors.desk, Actors.headQLCN, Actors.specialistQLCN, Actors.headQLCN, Actors.director, Actors.clerkVP]
        let times = ["2027-03-01T09:00", "2027-03-01T10:00", "2027-03-02T10:00", "2027-03-02T11:00", "2027-03-02T13:30", "2027-03-02T14:00"]
        for i in 0..<count {
            act("forward", by: owners[i], at: times[i], assignee: i == 1 ? Actors.specialistAssignee : nil)
        }
    }

    /// The rejection of an action that must fail.
    func rejection(_ action: String, by actor: Actor, at time: String, reason: String? = nil, note: String? = nil,
                   items: [String]? = nil, assignee: Assignee? = nil, newDueAt: String? = nil, expectedVersion: Int? = nil) -> Rejection? {
        let command = Command(action: action, note: note, reason: reason, items: items, assignee: assignee,
                              assigneePosition: Actors.position(of: assignee), newDueAt: newDueAt.map(Repository.vn), expectedVersion: expectedVersion)
        if case let .failure(r) = Engine.decide(dossier, command, by: actor, at: Repository.vn(time), workflow: workflow, calendar: calendar) {
            return r
        }
        return nil
    }

    func iso(_ d: Date?) -> String? { d.map(calendar.iso) }
}
