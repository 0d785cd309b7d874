import Foundation

/// A stretch of working time within a day, e.g. 07:30–11:30.
public struct WorkingPeriod: Hashable, Sendable, Codable, CustomStringConvertible {
    /// When work starts.
    public let start: TimeOfDay
    /// When work stops (exclusive).
    public let end: TimeOfDay

    /// A period; `start` must be before `end`.
    public init(start: TimeOfDay, end: TimeOfDay) {
        self.start = start
        self.end = end
    }

    /// Parses `HH:mm-HH:mm`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let s = TimeOfDay(parts[0]), let e = TimeOfDay(parts[1]), s < e else { return nil }
        self.init(start: s, end: e)
    }

    /// Length in seconds.
    public var seconds: Int { end.seconds - start.seconds }

    /// `HH:mm-HH:mm`.
    public var description: String { "\(start)-\(end)" }
}
