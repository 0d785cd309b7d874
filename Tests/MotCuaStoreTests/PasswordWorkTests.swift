import Foundation
@testable import MotCuaStore
import Testing

/// bcrypt's place: at most half the cores, whatever the number of sign-ins at once.
@Suite("Password hashing: bounded")
struct PasswordWorkTests {
    @Test("no more than its width at once; every computation runs and answers its own caller; the queue is first come, first served")
    func bounded() async {
        let work = PasswordWork(width: 2)
        let gauge = Gauge()
        let answers = await withTaskGroup(of: (Int, Int).self) { group in
            for i in 0..<24 {
                group.addTask {
                    await (i, work.run {
                        gauge.enter()
                        usleep(15_000)
                        gauge.leave()
                        return i * i
                    })
                }
            }
            return await group.reduce(into: [Int: Int]()) { $0[$1.0] = $1.1 }
        }
        #expect(answers.count == 24)
        #expect(answers.allSatisfy { $0.value == $0.key * $0.key })
        // Two places taken at once (24 callers came together); dispatch may still run the two
        // one after the other on a loaded machine, never three together.
        #expect(work.mostAtOnce == 2)
        #expect((1...2).contains(gauge.most), "never more than two at once")

        // One place: those waiting are served in the order they came.
        let one = PasswordWork(width: 1)
        let order = Gauge()
        let blocker = Task { await one.run { usleep(200_000) } }
        try? await Task.sleep(for: .milliseconds(50))
        var waiting: [Task<Void, Never>] = []
        for i in 0..<6 {
            waiting.append(Task { await one.run { order.record(i) } })
            // Each queued before the next is started.
            try? await Task.sleep(for: .milliseconds(20))
        }
        await blocker.value
        for task in waiting { await task.value }
        #expect(order.recorded == Array(0..<6))
        #expect(one.mostAtOnce == 1)
    }

    @Test("sign-ins at once use no more than half the cores for bcrypt", arguments: StoreBackend.all)
    func signInsAtOnce(backend: StoreBackend) async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let users = try await backend.open(dir).users
        let (mai, _) = try await users.create(username: "mai", name: "Nguyễn Thị Mai", role: .desk, department: "MC")
        try await users.setPassword("mật khẩu đủ dài", for: mai.id)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let outcomes = try await withThrowingTaskGroup(of: SignInOutcome.self) { group in
            for _ in 0..<4 { group.addTask { try await users.signIn(username: "mai", password: "mật khẩu đủ dài", at: now) } }
            return try await group.reduce(into: [SignInOutcome]()) { $0.append($1) }
        }
        #expect(outcomes == Array(repeating: .accepted(mai), count: 4))
        let shared = PasswordWork.shared
        #expect(shared.width == max(1, ProcessInfo.processInfo.activeProcessorCount / 2))
        #expect((1...shared.width).contains(shared.mostAtOnce))
    }
}

/// How many computations run at once, the most seen, and an order of arrival.
private final class Gauge: @unchecked Sendable {
    private let lock = NSLock()
    private var now = 0
    private var peak = 0
    var most: Int { lock.withLock { peak } }
    private var seen: [Int] = []
    func enter() { lock.withLock { now += 1; peak = max(peak, now) } }
    func leave() { lock.withLock { now -= 1 } }
    func record(_ i: Int) { lock.withLock { seen.append(i) } }
    var recorded: [Int] { lock.withLock { seen } }
}
