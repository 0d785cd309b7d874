import Foundation

/// The deadlines of the pool's leased requests, watched by one task for the whole pool.
///
/// Nearly every request ends long before its deadline (seconds away), so a sleeping task per
/// request — created, registered as a timer and cancelled again on every read — was a cost
/// paid for nothing: a lock and a dictionary entry are enough until a deadline does pass,
/// and only then is work started for it. A deadline fires within one `tick` after it passed.
/// With nothing pending the watch sleeps until a deadline is added (an idle server is not
/// woken 20 times a second for nothing).
final class LeaseDeadlines: @unchecked Sendable {
    private struct Entry {
        var at: ContinuousClock.Instant
        var fire: @Sendable () -> Void
    }

    private let lock = NSLock()
    private var pending: [UInt64: Entry] = [:]
    private var nextID: UInt64 = 0
    /// The watch, when it waits for a deadline to be added.
    private var sleeper: CheckedContinuation<Void, Never>?
    private var stopped = false
    private var looked = 0
    /// How often the watch looks for deadlines that passed.
    let tick: Duration

    /// A watch that looks every `tick`; it looks only while `run()` runs.
    init(tick: Duration = .milliseconds(50)) {
        self.tick = tick
    }

    /// Calls `fire` (once, on the watch's task) when `deadline` has passed, unless `cancel`
    /// is called with the returned id first.
    func add(_ deadline: ContinuousClock.Instant, fire: @escaping @Sendable () -> Void) -> UInt64 {
        let (id, sleeping) = lock.withLock {
            nextID &+= 1
            pending[nextID] = Entry(at: deadline, fire: fire)
            defer { sleeper = nil }
            return (nextID, sleeper)
        }
        sleeping?.resume()
        return id
    }

    /// Forgets the deadline `id` (a deadline already fired or forgotten is ignored).
    func cancel(_ id: UInt64) {
        _ = lock.withLock { pending.removeValue(forKey: id) }
    }

    /// How many deadlines are waiting.
    var count: Int { lock.withLock { pending.count } }

    /// Fires every deadline that passed by `now`, earliest first, and forgets them.
    func fireDue(_ now: ContinuousClock.Instant) {
        let due: [Entry] = lock.withLock {
            let passed = pending.filter { $0.value.at <= now }
            for id in passed.keys { pending[id] = nil }
            return passed.values.sorted { $0.at < $1.at }
        }
        for entry in due { entry.fire() }
    }

    /// How many times the watch has looked for passed deadlines.
    var looks: Int { lock.withLock { looked } }

    /// Looks every `tick` while deadlines are pending, and waits for one to be added when
    /// none is, until the task is cancelled.
    func run() async {
        while !Task.isCancelled {
            await untilPending()
            if Task.isCancelled { return }
            try? await Task.sleep(for: tick)
            lock.withLock { looked += 1 }
            fireDue(.now)
        }
    }

    /// Returns when a deadline is pending (at once if one is) or the task is cancelled.
    private func untilPending() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = lock.withLock {
                    if !pending.isEmpty || stopped { return true }
                    sleeper = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let sleeping = lock.withLock {
                stopped = true
                defer { sleeper = nil }
                return sleeper
            }
            sleeping?.resume()
        }
    }
}
