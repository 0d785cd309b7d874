public import Foundation
public import MotCuaCore

/// How the console treats sessions and sign-in.
public struct WebSettings: Sendable {
    /// A session unused this long is over (config `web.sessionIdleHours`, default 8 h).
    public var idle: Duration
    /// Cookies only over HTTPS (when `server.publicURL` is https).
    public var secureCookies: Bool
    /// Failed sign-ins per username before a lock.
    public var throttle: SignInThrottle
    /// A step due within this much working time is marked "due soon" (config
    /// `scanner.dueSoonHours`, as the deadline scanner's warnings).
    public var dueSoonSeconds: Int
    /// Public lookups per client address and minute (config `web.lookupsPerMinute`).
    public var lookupsPerMinute: Int

    /// Settings: `idleHours` of idleness end a session; `publicURL` decides the Secure flag.
    public init(idleHours: Double = 8, publicURL: String = "", dueSoonHours: Int = 4, lookupsPerMinute: Int = 30,
                throttle: SignInThrottle = .standard) {
        self.lookupsPerMinute = max(1, lookupsPerMinute)
        dueSoonSeconds = max(0, dueSoonHours) * 3600
        idle = .seconds(max(60, Int64(idleHours * 3600)))
        secureCookies = publicURL.lowercased().hasPrefix("https://")
        self.throttle = throttle
    }
}
