/// The rules that make days off: fixed solar holidays, lunar holidays, substitute days, and
/// per-year adjustments announced by the government. Data, not constants: rules change.
public struct HolidayRules: Sendable, Hashable {
    /// A holiday on a fixed solar date, possibly several days long.
    public struct Fixed: Sendable, Hashable {
        /// Month, 1–12.
        public var month: Int
        /// Day of month.
        public var day: Int
        /// Consecutive days off from that date.
        public var days: Int = 1
        /// Name printed on notices.
        public var name: String
        /// First year the holiday applies (inclusive), if it was introduced later.
        public var since: Int?
        /// Last year the holiday applies (inclusive), if it was abolished.
        public var until: Int?
        /// Also give one adjacent day (the 2 September rule: the day before or after).
        public var adjacentDay: Bool = false

        /// A fixed holiday.
        public init(month: Int, day: Int, days: Int = 1, name: String, since: Int? = nil, until: Int? = nil,
                    adjacentDay: Bool = false) {
            self.month = month
            self.day = day
            self.days = days
            self.name = name
            self.since = since
            self.until = until
            self.adjacentDay = adjacentDay
        }
    }

    /// A holiday on a lunar date, possibly a window starting some days before or after it.
    public struct Lunar: Sendable, Hashable {
        /// Lunar month, 1–12.
        public var month: Int
        /// Lunar day, 1–30.
        public var day: Int
        /// Days from that lunar date to the first day off (−1: the eve of Tết).
        public var startOffset: Int = 0
        /// Consecutive days off.
        public var days: Int = 1
        /// Name printed on notices.
        public var name: String
        /// First year the holiday applies.
        public var since: Int?

        /// A lunar holiday.
        public init(month: Int, day: Int, startOffset: Int = 0, days: Int = 1, name: String, since: Int? = nil) {
            self.month = month
            self.day = day
            self.startOffset = startOffset
            self.days = days
            self.name = name
            self.since = since
        }
    }

    /// One day named in a per-year adjustment.
    public struct Day: Sendable, Hashable {
        /// The date.
        public var date: CivilDate
        /// Why (the notice's wording).
        public var name: String

        /// A named day.
        public init(date: CivilDate, name: String) {
            self.date = date
            self.name = name
        }
    }

    /// Fixed solar holidays.
    public var fixed: [Fixed]
    /// Lunar holidays.
    public var lunar: [Lunar]
    /// Whether a holiday falling on a weekend day gives the next working day off.
    public var substituteWeekendHolidays: Bool
    /// Extra days off announced for particular dates (bridge days, a different Tết window).
    public var extraDaysOff: [Day]
    /// Make-up working days (a Saturday worked in exchange for a bridge day), or default
    /// holidays a notice cancels.
    public var workingDays: [Day]

    /// A full rule set.
    public init(fixed: [Fixed], lunar: [Lunar], substituteWeekendHolidays: Bool = true,
                extraDaysOff: [Day] = [], workingDays: [Day] = []) {
        self.fixed = fixed
        self.lunar = lunar
        self.substituteWeekendHolidays = substituteWeekendHolidays
        self.extraDaysOff = extraDaysOff
        self.workingDays = workingDays
    }

    /// The holidays of the Labour Code 2019 (Art. 112), with Vietnam Cultural Day from 2026.
    public static let vietnam = HolidayRules(
        fixed: [
            Fixed(month: 1, day: 1, name: "Tết Dương lịch"),
            Fixed(month: 4, day: 30, name: "Ngày Chiến thắng (Giải phóng miền Nam, thống nhất đất nước)"),
            Fixed(month: 5, day: 1, name: "Ngày Quốc tế Lao động"),
            Fixed(month: 9, day: 2, name: "Quốc khánh", adjacentDay: true),
            Fixed(month: 11, day: 24, name: "Ngày Văn hóa Việt Nam", since: 2026),
        ],
        lunar: [
            Lunar(month: 1, day: 1, startOffset: -1, days: 5, name: "Tết Nguyên đán"),
            Lunar(month: 3, day: 10, name: "Giỗ Tổ Hùng Vương"),
        ]
    )
}
