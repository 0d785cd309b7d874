import Foundation
import MotCuaCore
import Testing

/// Every action of the standard lifecycle × every role: only the owner succeeds.
/// The expected owners are transcribed from the contract's action table.
@Suite("Engine: who may do what")
struct AuthorizationMatrixTests {
    static let owners: [String: Actor] = [
        "submitted": Actors.desk, "received": Actors.desk, "assignment": Actors.headQLCN, "appraisal": Actors.specialistQLCN,
        "review": Actors.headQLCN, "approval": Actors.director, "issuance": Actors.clerkVP,
        "supplement_requested": Actors.desk, "payment_requested": Actors.desk, "result_ready": Actors.desk,
    ]

    /// Who may perform an action from a state, per the contract.
    static func expected(_ action: String, in state: String) -> Set<String> {
        let owner = owners[state].map { [$0.id] } ?? []
        switch action {
        case "accept", "reject", "deliver", "confirm_payment": return [Actors.desk.id]
        case "submit_supplement", "withdraw": return [Actors.desk.id, Actors.portal.id]
        case "reschedule": return [Actors.headQLCN.id, Actors.director.id]
        default: return Set(owner)
        }
    }

    /// The actions the contract allows from a state.
    static func actions(in state: String) -> [String] {
        let steps = ["assignment", "appraisal", "review", "approval", "issuance"]
        var result = ["withdraw"]
        switch state {
        case "submitted": result += ["accept", "reject"]
        case "received": result += ["forward", "request_supplement", "stop", "reschedule", "assign"]
        case "supplement_requested": result += ["submit_supplement", "reschedule"]
        case "payment_requested": result += ["confirm_payment", "reschedule"]
        case "result_ready": result += ["deliver"]
        case let s where steps.contains(s):
            result += ["forward", "send_back", "request_supplement", "request_payment", "stop", "reschedule", "assign"]
        default: break
        }
        return result
    }

    /// A dossier brought to a state along the shortest path.
    static func dossier(in state: String) -> EngineHarness {
        if state == "submitted" { return EngineHarness(by: Actors.portal, at: "2027-03-01T08:00", channel: .online) }
        var h = EngineHarness(at: "2027-03-01T08:00")
        let path: [(String, Actor)] = [("forward", Actors.desk), ("forward", Actors.headQLCN), ("forward", Actors.specialistQLCN),
                                       ("forward", Actors.headQLCN), ("forward", Actors.director), ("forward", Actors.clerkVP)]
        let order = ["received", "assignment", "appraisal", "review", "approval", "issuance", "result_ready"]
        if state == "supplement_requested" {
            h.act("request_supplement", by: Actors.desk, at: "2027-03-01T09:00", reason: "r", items: ["i"])
            return h
        }
        if state == "payment_requested" {
            h.act("forward", by: Actors.desk, at: "2027-03-01T09:00")
            h.act("request_payment", by: Actors.headQLCN, at: "2027-03-01T09:30", reason: "r")
            return h
        }
        for (i, (action, actor)) in path.prefix(order.firstIndex(of: state)!).enumerated() {
            h.act(action, by: actor, at: "2027-03-0\(i + 1)T10:00", assignee: Actors.specialistAssignee)
        }
        return h
    }

    @Test("only the owner (role and department) succeeds", arguments: Array(owners.keys).sorted())
    func matrix(state: String) {
        let h = Self.dossier(in: state)
        #expect(h.dossier.state == state)
        for action in Self.actions(in: state) {
            let allowed = Self.expected(action, in: state)
            for actor in Actors.all {
                let command = Command(action: action, note: "n", reason: "r", items: ["i"], assignee: Actors.specialistAssignee,
                                      assigneePosition: Actors.position(of: Actors.specialistAssignee), newDueAt: Repository.vn("2027-12-31T08:00"))
                let result = Engine.decide(h.dossier, command, by: actor, at: Repository.vn("2027-03-09T09:00"),
                                           workflow: h.workflow, calendar: h.calendar)
                switch result {
                case .success:
                    #expect(allowed.contains(actor.id), "\(actor.id) must not \(action) in \(state)")
                case let .failure(rejection):
                    #expect(!allowed.contains(actor.id), "\(actor.id) should \(action) in \(state): \(rejection)")
                    if !allowed.contains(actor.id) { #expect(rejection.code == "forbidden", "\(action) by \(actor.id): \(rejection)") }
                }
            }
        }
        // An action that does not leave this state is invalid for everyone.
        let bogus = Engine.decide(h.dossier, Command(action: "approve_everything"), by: Actors.director,
                                  at: Repository.vn("2027-03-09T09:00"), workflow: h.workflow, calendar: h.calendar)
        if case .failure(.invalidAction) = bogus {} else { Issue.record("unknown action must be invalid_action") }
    }

    @Test("the engine offers exactly the contract's actions to their owners", arguments: Array(owners.keys).sorted())
    func available(state: String) {
        let h = Self.dossier(in: state)
        for actor in Actors.all {
            let offered = Set(Engine.availableActions(h.dossier, for: actor, workflow: h.workflow).map(\.action))
            let expected = Set(Self.actions(in: state).filter { Self.expected($0, in: state).contains(actor.id) })
            #expect(offered == expected, "\(actor.id) in \(state)")
        }
    }
}
