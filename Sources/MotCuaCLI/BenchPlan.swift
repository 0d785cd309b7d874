import Foundation
import MotCuaCore
import MotCuaStore

/// Throughput and latency of one benchmark run.
struct BenchResult {
    let commands: Int
    let seconds: Double
    let p50: Double
    let p99: Double
    var perSecond: Double { Double(commands) / seconds }
    var summary: String {
        String(format: "%d transitions in %.2f s = %.0f/s, p50 %.2f ms, p99 %.2f ms", commands, seconds, perSecond, p50, p99)
    }

    /// The disk's floor: single-row commits, one after another.
    static func floor(path: String, commits: Int) async throws -> BenchResult {
        let start = ContinuousClock.now
        let latencies = try await StoreDatabase.measureRawCommits(path: path, count: commits)
        return BenchResult(commands: commits, seconds: BenchPlan.seconds(ContinuousClock.now - start), latencies: latencies)
    }

    init(commands: Int, seconds: Double, latencies: [Double]) {
        self.commands = commands
        self.seconds = seconds
        let sorted = latencies.sorted()
        p50 = sorted.isEmpty ? 0 : (sorted[sorted.count / 2] * 100).rounded() / 100
        p99 = sorted.isEmpty ? 0 : (sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))] * 100).rounded() / 100
    }
}

/// The lifecycle each benchmark dossier goes through, and the two ways of running it.
struct BenchPlan: Sendable {
    let workflow: Workflow
    let catalog: WorkflowCatalog
    let calendar: WorkingCalendar

    static let desk = Actor(id: "bench-desk", name: "Bàn một cửa", role: .desk, department: "MC")
    static let assignee = Assignee(id: "bench-specialist", name: "Chuyên viên")

    /// The actions after logging: forward through every step, then deliver, each by the state's owner.
    var actions: [(Command, Actor)] {
        var result: [(Command, Actor)] = []
        var state = workflow.entry[.desk] ?? "received"
        while let t = workflow.transition("forward", from: state), let owner = workflow.states[state]?.owner, let next = t.targetState {
            let actor = Actor(id: "bench-\(owner.role.rawValue)", name: owner.role.vietnameseTitle, role: owner.role, department: owner.department)
            // The officer named works where the next step belongs, as the engine checks.
            result.append((Command(action: "forward", assignee: Self.assignee, assigneePosition: workflow.states[next]?.owner), actor))
            state = next
        }
        result.append((Command(action: "deliver"), Self.desk))
        return result
    }

    var submission: Submission {
        Submission(procedureCode: workflow.procedure!.code, channel: .direct,
                   applicant: Applicant(name: "Nguyễn Văn Thử", idNumber: "062090001234", email: "thu@example.vn"),
                   summary: "Hồ sơ đo hiệu năng", documents: [SubmittedDocument(name: "Đơn đề nghị")])
    }

    /// N dossiers from `concurrency` callers through the group committer.
    func run(store: any DossierRepository, dossiers: Int, concurrency: Int, progress: Bool) async throws -> BenchResult {
        let steps = actions
        let counter = Counter()
        let start = ContinuousClock.now
        let clockStart = Date()
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var mine: [Double] = []
                    while let i = counter.next(limit: dossiers) {
                        let now = clockStart
                        var t0 = ContinuousClock.now
                        let code = try await store.open(submission, by: Self.desk, at: now, catalog: catalog, calendar: calendar).dossier.code
                        mine.append(Self.ms(since: t0))
                        for (command, actor) in steps {
                            t0 = ContinuousClock.now
                            _ = try await store.perform(command, on: code, by: actor, at: now, catalog: catalog, calendar: calendar)
                            mine.append(Self.ms(since: t0))
                        }
                        if progress && (i + 1) % max(1, dossiers / 10) == 0 {
                            FileHandle.standardError.write(Data("  \(i + 1)/\(dossiers) dossiers\n".utf8))
                        }
                    }
                    return mine
                }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
        let elapsed = ContinuousClock.now - start
        return BenchResult(commands: latencies.count, seconds: Self.seconds(elapsed), latencies: latencies)
    }

    static func ms(since t0: ContinuousClock.Instant) -> Double { seconds(ContinuousClock.now - t0) * 1000 }
    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
}

/// A shared work counter for the benchmark's callers.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next(limit: Int) -> Int? {
        lock.withLock {
            guard value < limit else { return nil }
            value += 1
            return value - 1
        }
    }
}
