/// A statutory deadline: so many working days (the default) or calendar days.
public struct Deadline: Hashable, Sendable, Codable, CustomStringConvertible {
    /// How the days are counted.
    public enum Unit: String, Sendable, Codable, CaseIterable {
        /// Days the office works (weekends and holidays skipped).
        case workingDays = "working_days"
        /// Every day; only a due date on a day off moves.
        case calendarDays = "calendar_days"
    }

    /// Number of days; fractions (0.5) are fractions of a standard working day.
    public var value: Double
    /// How days are counted.
    public var unit: Unit

    /// A deadline.
    public init(value: Double, unit: Unit = .workingDays) {
        self.value = value
        self.unit = unit
    }

    /// `10 working_days`.
    public var description: String {
        let v = value == value.rounded() ? String(Int(value)) : String(value)
        return "\(v) \(unit.rawValue)"
    }
}
