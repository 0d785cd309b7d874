import Foundation

/// Where bcrypt runs: on dispatch threads, never Swift's cooperative pool, and on at most
/// `width` of them at once, the other sign-ins waiting their turn without a thread.
///
/// Unbounded, every sign-in at once took a core: a burst of sign-ins (or someone posting
/// the sign-in form in a loop) left the cooperative threads a share of the machine among
/// all the bcrypt threads, and every other request waited with them. In the test suites
/// bcrypt was about half of all CPU, and PostgreSQL transactions of other tests, their
/// client starved between statements, passed the store's work limit.
final class PasswordWork: @unchecked Sendable {
    /// The process's: half the cores (at least one), so that the rest of the server keeps
    /// the other half whatever the sign-ins.
    static let shared = PasswordWork(width: max(1, ProcessInfo.processInfo.activeProcessorCount / 2))

    /// How many computations may run at once.
    let width: Int
    private let lock = NSLock()
    private var running = 0
    private var queue: [CheckedContinuation<Void, Never>] = []
    private var head = 0
    private var peak = 0

    init(width: Int) {
        self.width = max(1, width)
    }

    /// Runs `work` on a dispatch thread once one of the `width` places is free.
    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await enter()
        let value = await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
        leave()
        return value
    }

    /// The most computations seen running at once.
    var mostAtOnce: Int { lock.withLock { peak } }

    private func enter() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now: Bool = lock.withLock {
                guard running < width else {
                    queue.append(continuation)
                    return false
                }
                running += 1
                peak = max(peak, running)
                return true
            }
            if now { continuation.resume() }
        }
    }

    /// Hands the place to the longest waiting, in order of arrival, or frees it.
    private func leave() {
        let next: CheckedContinuation<Void, Never>? = lock.withLock {
            guard head < queue.count else {
                running -= 1
                return nil
            }
            let next = queue[head]
            head += 1
            if head > 64, head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            return next
        }
        next?.resume()
    }
}
