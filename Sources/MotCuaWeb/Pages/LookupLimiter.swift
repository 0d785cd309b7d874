import Foundation

/// How many public lookups one client address may make per minute (a fixed window). Kept
/// in this process's memory: a soft limit per instance, enough to stop a script from
/// walking dossier codes; the instant is passed in.
final class LookupLimiter: @unchecked Sendable {
    private let lock = NSLock()
    private var windows: [String: (start: Date, count: Int)] = [:]
    let perMinute: Int

    init(perMinute: Int) { self.perMinute = max(1, perMinute) }

    /// Counts a lookup from `address` at `now`; when over the limit, the seconds until the
    /// address may look up again.
    func admit(_ address: String, at now: Date) -> Int? {
        lock.withLock {
            if windows.count > 10_000 { windows = windows.filter { now.timeIntervalSince($0.value.start) < 60 } }
            var window = windows[address] ?? (now, 0)
            if now.timeIntervalSince(window.start) >= 60 || now < window.start { window = (now, 0) }
            window.count += 1
            windows[address] = window
            guard window.count > perMinute else { return nil }
            return max(1, Int((60 - now.timeIntervalSince(window.start)).rounded(.up)))
        }
    }
}
