import Foundation
import MotCuaCore
import Testing

/// The read side of the policy, as a pure function: role × department × channel.
@Suite("Read policy")
struct ReadPolicyTests {
    func dossier(_ procedure: String, channel: Channel) -> Dossier {
        let workflow = Repository.workflow(procedure)
        let actor = channel == .online ? Actor(id: "p", name: "Cổng", role: .portal) : Actor(id: "d", name: "Bàn", role: .desk, department: "MC")
        let submission = Submission(procedureCode: procedure, channel: channel, applicant: Applicant(name: "Nguyễn Văn A", idNumber: "0620"),
                                    summary: "", documents: [], submittedAt: nil)
        guard case let .success(decision) = Engine.open(submission, code: "X-1", by: actor, at: Repository.vn("2027-03-01T08:00"),
                                                        workflow: workflow, calendar: Repository.calendar)
        else { fatalError("open failed") }
        return decision.dossier
    }

    @Test("every role × department × channel")
    func matrix() {
        let readers: [(Actor, [String: ReadAccess])] = [
            (Actor(id: "1", name: "", role: .desk, department: "MC"), ["1.000173": .whole, "1.014393": .whole]),
            (Actor(id: "2", name: "", role: .clerk, department: "VP"), ["1.000173": .whole, "1.014393": .whole]),
            (Actor(id: "3", name: "", role: .director), ["1.000173": .whole, "1.014393": .whole]),
            (Actor(id: "4", name: "", role: .departmentHead, department: "QLCN"), ["1.000173": .whole, "1.014393": .none]),
            (Actor(id: "5", name: "", role: .specialist, department: "QLCN"), ["1.000173": .whole, "1.014393": .none]),
            (Actor(id: "6", name: "", role: .specialist, department: "QLKH"), ["1.000173": .none, "1.014393": .whole]),
            (Actor(id: "7", name: "", role: .admin), ["1.000173": .none, "1.014393": .none]),
            (Actor(id: "8", name: "", role: .specialist), ["1.000173": .none, "1.014393": .none]),
        ]
        for channel in [Channel.direct, .online] {
            for (reader, expected) in readers {
                for (procedure, access) in expected {
                    let d = dossier(procedure, channel: channel)
                    let got = ReadPolicy.access(d, by: reader, workflow: Repository.workflow(procedure))
                    #expect(got == access, "\(reader.role)@\(reader.department ?? "-") on \(procedure) \(channel)")
                }
            }
            let portal = Actor(id: "p", name: "", role: .portal)
            #expect(ReadPolicy.access(dossier("1.000173", channel: channel), by: portal, workflow: Repository.workflow("1.000173"))
                    == (channel == .online ? .submitted : .none))
        }
        // A dossier whose workflow version is not loaded: agency-wide readers only.
        let d = dossier("1.000173", channel: .direct)
        #expect(ReadPolicy.access(d, by: Actor(id: "4", name: "", role: .departmentHead, department: "QLCN"), workflow: nil) == .none)
        #expect(ReadPolicy.access(d, by: Actor(id: "3", name: "", role: .director), workflow: nil) == .whole)
    }

    @Test("the list scope agrees with the per-dossier policy")
    func listScope() {
        #expect(ReadPolicy.listScope(role: .desk, department: "MC", workflows: Repository.workflows) == .all)
        #expect(ReadPolicy.listScope(role: .portal, department: nil, workflows: Repository.workflows) == .onlineOnly)
        #expect(ReadPolicy.listScope(role: .admin, department: nil, workflows: Repository.workflows) == .nothing)
        guard case let .procedures(codes) = ReadPolicy.listScope(role: .specialist, department: "QLKH", workflows: Repository.workflows)
        else { Issue.record("a department reader lists by procedure"); return }
        for w in Repository.workflows {
            guard let code = w.procedure?.code else { continue }
            let d = dossier(code, channel: .direct)
            let reader = Actor(id: "6", name: "", role: .specialist, department: "QLKH")
            #expect(codes.contains(code) == ReadPolicy.canRead(d, by: reader, workflow: w), "\(code)")
        }
    }
}
