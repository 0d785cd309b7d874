extension HolidayRules {
    /// The days off that the fixed and lunar rules give for one year, before substitutes
    /// and per-year adjustments.
    func baseHolidays(year: Int, lunarCalendar: LunarCalendar, isWeekend: (CivilDate) -> Bool) -> [Holiday] {
        var result: [Holiday] = []
        for rule in fixed where (rule.since ?? .min) <= year && year <= (rule.until ?? .max) {
            guard let first = CivilDate(year: year, month: rule.month, day: rule.day) else { continue }
            for i in 0..<max(1, rule.days) {
                result.append(Holiday(date: first.adding(days: i), name: rule.name, kind: .fixed))
            }
            if rule.adjacentDay {
                let day = Self.adjacentDay(to: first, lastDay: first.adding(days: max(1, rule.days) - 1), isWeekend: isWeekend)
                result.append(Holiday(date: day, name: "\(rule.name) (ngày liền kề)", kind: .fixed))
            }
        }
        for rule in lunar where (rule.since ?? .min) <= year {
            guard let anchor = Self.anchor(rule, year: year, calendar: lunarCalendar) else { continue }
            for i in 0..<max(1, rule.days) {
                result.append(Holiday(date: anchor.adding(days: rule.startOffset + i), name: rule.name, kind: .lunar))
            }
        }
        return result
    }

    /// The lunar anchor date of a rule in a year; day 30 of a short month falls back to day 29.
    private static func anchor(_ rule: Lunar, year: Int, calendar: LunarCalendar) -> CivilDate? {
        calendar.solarDate(of: LunarDate(day: rule.day, month: rule.month, year: year))
            ?? calendar.solarDate(of: LunarDate(day: rule.day - 1, month: rule.month, year: year))
    }

    /// The day next to a holiday that makes the longest break: the neighbour that is itself a
    /// working weekday, preferring the one that touches a weekend (2 September: Monday → Tuesday,
    /// Tuesday → Monday, Thursday → Friday, Friday → Thursday), the day before on a tie.
    static func adjacentDay(to first: CivilDate, lastDay: CivilDate, isWeekend: (CivilDate) -> Bool) -> CivilDate {
        let before = first.adding(days: -1), after = lastDay.adding(days: 1)
        switch (isWeekend(before), isWeekend(after)) {
        case (false, true): return before
        case (true, false): return after
        case (true, true): return after.adding(days: 1)
        case (false, false):
            let afterTouchesWeekend = isWeekend(after.adding(days: 1))
            let beforeTouchesWeekend = isWeekend(before.adding(days: -1))
            return afterTouchesWeekend && !beforeTouchesWeekend ? after : before
        }
    }
}
