/// A wall-clock time within a day, in seconds since midnight (0 ..< 86 400, or 86 400 for
/// the end of the day).
public struct TimeOfDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Seconds since midnight.
    public let seconds: Int

    /// A time from seconds since midnight.
    public init(seconds: Int) { self.seconds = seconds }

    /// A time from hours and minutes.
    public init(hour: Int, minute: Int = 0) { seconds = hour * 3600 + minute * 60 }

    /// Parses `HH:mm` (or `H:mm`); accepts `24:00` as the end of the day.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              let h = Digits.parse(parts[0]), let m = Digits.parse(parts[1]),
              m < 60, h < 24 || (h == 24 && m == 0)
        else { return nil }
        seconds = h * 3600 + m * 60
    }

    /// `HH:mm`.
    public var description: String {
        "\(Digits.pad(seconds / 3600, 2)):\(Digits.pad(seconds % 3600 / 60, 2))"
    }

    public static func < (a: TimeOfDay, b: TimeOfDay) -> Bool { a.seconds < b.seconds }
}
