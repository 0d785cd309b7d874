import Foundation
import MotCuaCore
import Testing

@Suite("Vietnamese lunar calendar")
struct LunarCalendarTests {
    struct Row {
        let year: Int
        let tet: CivilDate
        let hungKings: CivilDate
    }

    /// The independent reference table (see Fixtures/README.md for its source).
    static let reference: [Row] = {
        let text = try! String(contentsOfFile: Repository.path("Tests/MotCuaCoreTests/Fixtures/vietnamese-lunar-holidays-1990-2050.csv"),
                               encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let f = line.split(separator: ",")
            return Row(year: Int(f[0])!, tet: CivilDate(iso: f[1])!, hungKings: CivilDate(iso: f[2])!)
        }
    }()

    @Test("the reference table covers 1990–2050")
    func tableCoversTheRange() {
        #expect(Self.reference.map(\.year) == Array(1990...2050))
    }

    @Test("Tết matches the reference for every year 1990–2050")
    func tet() {
        let lunar = LunarCalendar()
        for row in Self.reference {
            #expect(lunar.newYear(row.year) == row.tet, "Tết \(row.year)")
        }
    }

    @Test("Hùng Kings' day (10/3) matches the reference for every year 1990–2050")
    func hungKings() {
        let lunar = LunarCalendar()
        for row in Self.reference {
            #expect(lunar.solarDate(of: LunarDate(day: 10, month: 3, year: row.year)) == row.hungKings, "Hùng Kings \(row.year)")
        }
    }

    @Test("2030: Tết is 2 February in Vietnam (UTC+7), 3 February in China (UTC+8)")
    func vietnamDiffersFromChina() {
        #expect(LunarCalendar(timeZoneHours: 7).newYear(2030) == CivilDate(year: 2030, month: 2, day: 2))
        #expect(LunarCalendar(timeZoneHours: 8).newYear(2030) == CivilDate(year: 2030, month: 2, day: 3))
    }

    @Test("solar → lunar → solar is the identity for every day 1990–2050")
    func roundTrip() {
        let lunar = LunarCalendar()
        let first = CivilDate(year: 1990, month: 1, day: 1)!.dayNumber
        let last = CivilDate(year: 2050, month: 12, day: 31)!.dayNumber
        var failures = 0
        for n in stride(from: first, through: last, by: 1) {
            let day = CivilDate(dayNumber: n)
            let l = lunar.lunarDate(of: day)
            if lunar.solarDate(of: l) != day { failures += 1 }
        }
        #expect(failures == 0)
    }

    @Test("leap months and known dates")
    func knownDates() {
        let lunar = LunarCalendar()
        // 25 March 2023 was the 4th of the leap 2nd month of Quý Mão.
        #expect(lunar.lunarDate(of: CivilDate(year: 2023, month: 3, day: 25)!) == LunarDate(day: 4, month: 2, year: 2023, isLeapMonth: true))
        // 28 September 2026 is the 18th of the 8th month of Bính Ngọ.
        #expect(lunar.lunarDate(of: CivilDate(year: 2026, month: 9, day: 28)!) == LunarDate(day: 18, month: 8, year: 2026))
        // A leap month that does not exist that year.
        #expect(lunar.solarDate(of: LunarDate(day: 1, month: 5, year: 2023, isLeapMonth: true)) == nil)
        // The last day of the lunar year is Tết eve.
        #expect(lunar.lunarDate(of: CivilDate(year: 2026, month: 2, day: 16)!).month == 12)
    }
}
