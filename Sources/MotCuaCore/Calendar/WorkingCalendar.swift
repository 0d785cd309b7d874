public import Foundation

/// The working-day calendar of an office: its time zone, working periods per weekday,
/// days off (fixed, lunar, substitute, configured) and make-up working days.
///
/// All deadline arithmetic of the product goes through here. Instants are `Date`s; the
/// calendar reads them in its own fixed UTC offset (Asia/Ho_Chi_Minh is UTC+7, no DST).
public struct WorkingCalendar: Sendable {
    /// IANA name of the zone, for display (`Asia/Ho_Chi_Minh`).
    public let timeZoneName: String
    /// Seconds east of UTC.
    public let utcOffset: Int
    /// Working periods per weekday; a weekday with none is a weekend day.
    public let weekHours: [Weekday: [WorkingPeriod]]
    /// Working periods on a make-up working day (a Saturday worked in exchange).
    public let makeUpHours: [WorkingPeriod]
    /// The rules days off come from.
    public let rules: HolidayRules
    /// The lunar calendar for lunar holidays.
    public let lunar: LunarCalendar
    /// Years whose days off are precomputed; others are computed on demand.
    public let precomputedYears: ClosedRange<Int>

    private let table: HolidayTable
    /// Tables of years outside `precomputedYears`, built once per year on first use (a far
    /// date asked for twice must not rebuild a year's lunar table twice).
    private let farYears = FarYearTables()
    private let weekHoursByIndex: [[WorkingPeriod]]

    /// A calendar from its parts. Days off for `precomputedYears` are computed here, once.
    public init(timeZoneName: String = "Asia/Ho_Chi_Minh", utcOffset: Int = 7 * 3600,
                weekHours: [Weekday: [WorkingPeriod]] = WorkingCalendar.defaultWeek,
                makeUpHours: [WorkingPeriod]? = nil, rules: HolidayRules = .vietnam,
                precomputedYears: ClosedRange<Int> = 1970...2100) {
        self.timeZoneName = timeZoneName
        self.utcOffset = utcOffset
        self.weekHours = weekHours
        let byIndex = Weekday.allCases.map { weekHours[$0] ?? [] }
        self.weekHoursByIndex = byIndex
        self.makeUpHours = makeUpHours ?? byIndex.first { !$0.isEmpty } ?? []
        self.rules = rules
        self.lunar = LunarCalendar(timeZoneHours: Double(utcOffset) / 3600)
        self.precomputedYears = precomputedYears
        self.table = HolidayTable(rules: rules, years: precomputedYears, lunar: lunar) { day in
            byIndex[day.weekday.index].isEmpty
        }
    }

    /// Monday to Friday, 07:30–11:30 and 13:30–17:00.
    public static let defaultWeek: [Weekday: [WorkingPeriod]] = {
        let day = [WorkingPeriod("07:30-11:30")!, WorkingPeriod("13:30-17:00")!]
        return [.monday: day, .tuesday: day, .wednesday: day, .thursday: day, .friday: day]
    }()

    /// Length of a standard working day in seconds (the longest weekday), used to turn
    /// fractions of a day ("0.5 ngày") into working time.
    public var standardDaySeconds: Int {
        weekHoursByIndex.map { $0.reduce(0) { $0 + $1.seconds } }.max() ?? 0
    }

    // MARK: - Days

    /// Why a date is a day off, or `nil` when it is not a holiday (it may still be a weekend).
    public func holiday(on date: CivilDate) -> Holiday? {
        if precomputedYears.contains(date.year) { return table.daysOff[date.dayNumber] }
        let (rules, lunar, byIndex) = (self.rules, self.lunar, weekHoursByIndex)
        return farYears.table(for: date.year) {
            HolidayTable(rules: rules, years: date.year...date.year, lunar: lunar) { byIndex[$0.weekday.index].isEmpty }
        }.daysOff[date.dayNumber]
    }

    /// Whether a date is a make-up working day.
    public func isMakeUpDay(_ date: CivilDate) -> Bool { table.makeUpDays[date.dayNumber] != nil }

    /// Whether the date is a weekend day of the normal week.
    public func isWeekend(_ date: CivilDate) -> Bool { weekHoursByIndex[date.weekday.index].isEmpty }

    /// Whether work happens on that date.
    public func isWorkingDay(_ date: CivilDate) -> Bool { !periods(on: date).isEmpty }

    /// The working periods of a date; empty on a day off.
    public func periods(on date: CivilDate) -> [WorkingPeriod] {
        if table.makeUpDays[date.dayNumber] != nil { return makeUpHours }
        if holiday(on: date) != nil { return [] }
        return weekHoursByIndex[date.weekday.index]
    }

    /// The days off of a year, in date order, with their reasons (weekends excluded).
    public func holidays(in year: Int) -> [Holiday] {
        guard let first = CivilDate(year: year, month: 1, day: 1), let last = CivilDate(year: year, month: 12, day: 31)
        else { return [] }
        return (first.dayNumber...last.dayNumber).compactMap { holiday(on: CivilDate(dayNumber: $0)) }
    }

    /// The make-up working days of a year.
    public func makeUpDays(in year: Int) -> [HolidayRules.Day] {
        table.makeUpDays.filter { CivilDate(dayNumber: $0.key).year == year }
            .map { HolidayRules.Day(date: CivilDate(dayNumber: $0.key), name: $0.value) }
            .sorted { $0.date < $1.date }
    }

    // MARK: - Local time

    /// The local date and seconds since local midnight of an instant.
    public func local(_ instant: Date) -> (date: CivilDate, seconds: Int) {
        let (d, s) = Timestamp.split(instant, offset: utcOffset)
        return (d, s)
    }

    /// The instant of a local date and time.
    public func instant(_ date: CivilDate, _ seconds: Int) -> Date {
        Timestamp.instant(date, seconds, offset: utcOffset)
    }

    /// ISO 8601 text in the calendar's offset, as the API prints times.
    public func iso(_ instant: Date) -> String { Timestamp.iso(instant, offset: utcOffset) }
}

extension Weekday {
    /// 0 for Monday … 6 for Sunday.
    var index: Int {
        switch self {
        case .monday: 0
        case .tuesday: 1
        case .wednesday: 2
        case .thursday: 3
        case .friday: 4
        case .saturday: 5
        case .sunday: 6
        }
    }
}

/// A small, bounded cache of holiday tables for years outside the precomputed range.
final class FarYearTables: @unchecked Sendable {
    private var tables: [Int: HolidayTable] = [:]
    private let lock = NSLock()
    /// More distinct far years than this and the cache starts over: memory stays bounded
    /// whatever dates arrive.
    static let capacity = 64

    func table(for year: Int, build: () -> HolidayTable) -> HolidayTable {
        if let cached = lock.withLock({ tables[year] }) { return cached }
        let built = build()
        lock.withLock {
            if tables.count >= Self.capacity { tables.removeAll() }
            tables[year] = built
        }
        return built
    }
}
