public import Foundation

/// The sign-in throttle: after `limit` failed attempts for one username within `window`,
/// further attempts for that username are refused (without checking the password) until
/// the window has passed over the oldest of them. Per username, not per address: a guesser
/// who rotates addresses still meets it; the cost is that someone who knows a username can
/// lock its owner out for at most one window, which the desk can live with (an admin can
/// reset the password, and the lock passes by itself).
public struct SignInThrottle: Sendable, Equatable {
    /// Failed attempts that trigger the lock.
    public var limit: Int
    /// How far back failures count.
    public var window: TimeInterval

    /// Five failures within fifteen minutes (the console's rule).
    public static let standard = SignInThrottle(limit: 5, window: 15 * 60)

    /// A throttle of `limit` failures within `window` seconds.
    public init(limit: Int, window: TimeInterval) {
        self.limit = max(1, limit)
        self.window = max(1, window)
    }

    /// Whether an attempt may be checked at `now`, given the username's earlier failures (in
    /// any order; older ones are ignored). When it may not, the instant it may again.
    public func lockedUntil(failures: [Date], at now: Date) -> Date? {
        let recent = failures.filter { $0 > now.addingTimeInterval(-window) && $0 <= now }.sorted()
        guard recent.count >= limit else { return nil }
        // The lock lasts while `limit` failures remain inside the window: it ends when the
        // `limit`-th most recent one leaves it.
        return recent[recent.count - limit].addingTimeInterval(window)
    }

    /// The failures still worth keeping at `now` (the rest can be forgotten).
    public func relevant(_ failures: [Date], at now: Date) -> [Date] {
        failures.filter { $0 > now.addingTimeInterval(-window) }
    }
}
