import Foundation
import MotCuaCore
import Testing

/// Many random action sequences by random actors at random times; after every step the
/// dossier must satisfy the lifecycle's invariants.
@Suite("Engine: invariants under random sequences")
struct RandomizedEngineTests {
    static let actions = ["accept", "reject", "forward", "send_back", "request_supplement", "submit_supplement", "request_payment",
                          "confirm_payment", "stop", "withdraw", "reschedule", "assign", "deliver", "bogus"]

    @Test("versions increase, terminal states stay, paused clocks never run, appointments only move later", arguments: 0..<8)
    func invariants(seed: Int) async {
        var rng = SplitMix(seed: UInt64(seed) &* 7919 &+ 1)
        let workflows = Repository.workflows.filter { $0.caseKind == .dossier }  // documents: IncomingDocumentTests
        var successes = 0
        var visited = Set<String>()
        for _ in 0..<250 {
            // A walk at a time: a case is seconds of CPU in a debug build (this suite was 42%
            // of the test process's CPU in the run's first 12 s, by `perf`), and held on one
            // of Swift's two cooperative threads here it kept other suites' tasks waiting.
            await Task.yield()
            let workflow = workflows[Int(rng.next() % UInt64(workflows.count))]
            let online = rng.next() % 2 == 0
            var now = Repository.vn("2026-12-20T08:00").addingTimeInterval(Double(rng.next() % (400 * 86_400)))
            let submission = Submission(procedureCode: workflow.procedure!.code, channel: online ? .online : .direct,
                                        applicant: Applicant(name: "Trần Thị B"), summary: "s")
            guard case var .success(opened) = Engine.open(submission, code: "c", by: online ? Actors.portal : Actors.desk, at: now,
                                                          workflow: workflow, calendar: Repository.calendar)
            else { Issue.record("open failed"); continue }
            var dossier = opened.dossier
            #expect(dossier.version == 1)
            for _ in 0..<40 {
                now = now.addingTimeInterval(Double(rng.next() % (2 * 86_400)))
                var actor = Actors.all[Int(rng.next() % UInt64(Actors.all.count))]
                var action = Self.actions[Int(rng.next() % UInt64(Self.actions.count))]
                // Mostly walk the lifecycle (an available action of someone who may act), sometimes try anything.
                if rng.next() % 10 < 7 {
                    let options = Actors.all.flatMap { a in Engine.availableActions(dossier, for: a, workflow: workflow).map { (a, $0.action) } }
                    // Actions that end a dossier are rarer, so walks get deep into the lifecycle.
                    let weighted = options.flatMap { option in
                        Array(repeating: option, count: ["withdraw", "stop", "reject"].contains(option.1) ? 1 : 12)
                    }
                    if !weighted.isEmpty { (actor, action) = weighted[Int(rng.next() % UInt64(weighted.count))] }
                }
                let full = rng.next() % 4 != 0
                let command = Command(action: action, note: full ? "n" : nil, reason: full ? "r" : nil, items: full ? ["i"] : nil,
                                      assignee: full ? Actors.specialistAssignee : nil, assigneePosition: full ? Actors.position(of: Actors.specialistAssignee) : nil,
                                      newDueAt: full ? dossier.dueAt?.addingTimeInterval(Double(rng.next() % (10 * 86_400)) + 1) : nil,
                                      expectedVersion: rng.next() % 10 == 0 ? dossier.version + 1 : nil)
                let before = dossier
                let state = workflow.states[before.state]!
                switch Engine.decide(before, command, by: actor, at: now, workflow: workflow, calendar: Repository.calendar) {
                case .failure:
                    continue
                case let .success(decision):
                    successes += 1
                    let after = decision.dossier
                    visited.insert(after.state)
                    opened = decision
                    dossier = after
                    #expect(!state.terminal, "a terminal state changed: \(before.state) by \(action)")
                    #expect(after.version == before.version + 1)
                    #expect(decision.events.map(\.seq) == [after.version])
                    let target = workflow.states[after.state]!
                    #expect(after.clock == (target.terminal ? .stopped : target.clock))
                    if target.clock == .paused {
                        #expect(after.clock != .running)
                        #expect(after.pausedAt != nil && after.resumeState != nil)
                    } else {
                        #expect(after.pausedAt == nil)
                    }
                    if let old = before.dueAt {
                        #expect(after.dueAt != nil)
                        if action != "reschedule" { #expect(after.dueAt! >= old, "appointment moved earlier by \(action)") }
                    }
                    if let finished = before.finishedAt { #expect(after.finishedAt == finished) }
                    #expect(after.supplementRounds >= before.supplementRounds)
                    #expect(after.pausedWorkingSeconds >= before.pausedWorkingSeconds)
                    if after.finishedAt != nil && after.dueAt != nil { #expect(after.outcome != nil) }
                }
            }
        }
        // The walk must exercise the lifecycle, not only rejections: every state reached, hundreds of transitions.
        #expect(successes > 400)
        let all = Set(workflows.flatMap { $0.stateOrder }).subtracting(["submitted", "received"])
        #expect(visited.isSuperset(of: all), "never reached: \(all.subtracting(visited).sorted())")
    }
}
