/// Days off and make-up working days for a range of years, computed once so that the
/// hot paths (deadline arithmetic in every transition) are dictionary lookups.
struct HolidayTable: Sendable {
    private(set) var daysOff: [Int: Holiday] = [:]
    private(set) var makeUpDays: [Int: String] = [:]

    init(rules: HolidayRules, years: ClosedRange<Int>, lunar: LunarCalendar, isWeekend: (CivilDate) -> Bool) {
        var base: [Holiday] = []
        for year in (years.lowerBound - 1)...(years.upperBound + 1) {
            base += rules.baseHolidays(year: year, lunarCalendar: lunar, isWeekend: isWeekend)
        }
        base.sort { $0.date < $1.date }
        for holiday in base where daysOff[holiday.date.dayNumber] == nil {
            daysOff[holiday.date.dayNumber] = holiday
        }
        if rules.substituteWeekendHolidays {
            for holiday in base where isWeekend(holiday.date) {
                var day = holiday.date.adding(days: 1)
                while isWeekend(day) || daysOff[day.dayNumber] != nil { day = day.adding(days: 1) }
                daysOff[day.dayNumber] = Holiday(date: day, name: "Nghỉ bù \(holiday.name)", kind: .substitute)
            }
        }
        for extra in rules.extraDaysOff where daysOff[extra.date.dayNumber] == nil {
            daysOff[extra.date.dayNumber] = Holiday(date: extra.date, name: extra.name, kind: .configured)
        }
        for working in rules.workingDays {
            makeUpDays[working.date.dayNumber] = working.name
            daysOff[working.date.dayNumber] = nil
        }
    }
}
