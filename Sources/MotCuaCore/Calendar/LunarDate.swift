/// A date of the Vietnamese lunisolar calendar (âm lịch).
public struct LunarDate: Hashable, Sendable, CustomStringConvertible {
    /// Day of the lunar month, 1–30.
    public let day: Int
    /// Lunar month, 1–12 (1 = tháng Giêng).
    public let month: Int
    /// Lunar year, named by the Gregorian year in which most of it falls.
    public let year: Int
    /// Whether this is the intercalary (nhuận) repetition of `month`.
    public let isLeapMonth: Bool

    /// A lunar date from its parts.
    public init(day: Int, month: Int, year: Int, isLeapMonth: Bool = false) {
        self.day = day
        self.month = month
        self.year = year
        self.isLeapMonth = isLeapMonth
    }

    /// `d/m[n]/yyyy`, as Vietnamese calendars print it (`n` marks a leap month).
    public var description: String { "\(day)/\(month)\(isLeapMonth ? "n" : "")/\(year)" }
}
