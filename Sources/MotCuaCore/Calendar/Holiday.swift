/// A day off in the working-day calendar, with the reason it is off.
public struct Holiday: Hashable, Sendable, Codable {
    /// How the day off came about.
    public enum Kind: String, Sendable, Codable {
        /// From the lunar calendar (Tết, Hùng Kings' day).
        case lunar
        /// A fixed solar date (1/1, 30/4, 1/5, 2/9 …).
        case fixed
        /// Given in exchange for a holiday that fell on a weekend.
        case substitute
        /// Added by the per-year configuration (a government notice).
        case configured
    }

    /// The date.
    public let date: CivilDate
    /// Vietnamese name as printed on notices.
    public let name: String
    /// Why the day is off.
    public let kind: Kind

    /// A day off.
    public init(date: CivilDate, name: String, kind: Kind) {
        self.date = date
        self.name = name
        self.kind = kind
    }
}
