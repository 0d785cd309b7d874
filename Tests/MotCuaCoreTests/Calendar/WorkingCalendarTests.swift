import Foundation
import MotCuaCore
import Testing

@Suite("Working-day calendar")
struct WorkingCalendarTests {
    let calendar = Repository.calendar
    func vn(_ s: String) -> Date { Repository.vn(s) }
    func iso(_ d: Date) -> String { calendar.iso(d) }

    @Test("2026: Tết on 17 February, Hùng Kings observed on Monday 27 April")
    func holidays2026() {
        let days = Dictionary(calendar.holidays(in: 2026).map { ($0.date.description, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(days["2026-02-17"]?.kind == .lunar)
        #expect(days["2026-02-17"]?.name == "Tết Nguyên đán")
        #expect(days["2026-04-26"]?.kind == .lunar)  // a Sunday
        #expect(days["2026-04-27"]?.kind == .substitute)
        #expect(days["2026-04-30"]?.kind == .fixed)
        #expect(days["2026-05-01"]?.kind == .fixed)
        #expect(days["2026-11-24"]?.kind == .fixed)
        #expect(days["2026-02-14"] == nil)  // a Saturday: a weekend, not a holiday
    }

    @Test("the acceptance example: 24 April 2026 09:00 + 5 working days = 6 May 2026 09:00")
    func acceptanceExample() {
        #expect(iso(calendar.addingWorkingDays(5, to: vn("2026-04-24T09:00"))) == "2026-05-06T09:00:00+07:00")
    }

    @Test("a receipt after closing time counts from the next working period")
    func afterClosingTime() {
        // Friday 17:30 → counting starts Monday 07:30; 2 working days → Wednesday 07:30.
        #expect(iso(calendar.nextWorkingInstant(vn("2027-03-05T17:30"))) == "2027-03-08T07:30:00+07:00")
        #expect(iso(calendar.addingWorkingDays(2, to: vn("2027-03-05T17:30"))) == "2027-03-10T07:30:00+07:00")
        // Lunch break: 12:00 → 13:30 the same day.
        #expect(iso(calendar.nextWorkingInstant(vn("2027-03-03T12:00"))) == "2027-03-03T13:30:00+07:00")
    }

    @Test("a receipt on a holiday counts from the next working day")
    func onHoliday() {
        // 30 April 2027 (Friday) and 1 May (Saturday) are off, 3 May (Monday) is the substitute.
        #expect(calendar.holiday(on: CivilDate(year: 2027, month: 5, day: 3)!)?.kind == .substitute)
        #expect(iso(calendar.addingWorkingDays(1, to: vn("2027-04-30T09:00"))) == "2027-05-05T07:30:00+07:00")
    }

    @Test("counting across Tết skips the whole window")
    func acrossTet() {
        // Tết 2026: 16–20 February off (Monday–Friday), with the weekends around it.
        // Friday 13 February 10:00 + 1 working day = Monday 23 February 10:00.
        #expect(iso(calendar.addingWorkingDays(1, to: vn("2026-02-13T10:00"))) == "2026-02-23T10:00:00+07:00")
        #expect(calendar.workingTime(from: vn("2026-02-13T17:00"), to: vn("2026-02-23T07:30")) == 0)
    }

    @Test("a make-up Saturday is a working day")
    func makeUpSaturday() {
        let yaml = """
        years:
          2027:
            daysOff: [{date: 2027-04-29, name: "Nghỉ bù cầu"}]
            workingDays: [{date: 2027-04-24, name: "Làm bù"}]
        """
        let (custom, problems) = WorkingCalendar.decode(yaml: yaml, file: "test.yaml")
        #expect(problems.isEmpty)
        let c = try! #require(custom)
        #expect(c.isWorkingDay(CivilDate(year: 2027, month: 4, day: 24)!))  // a Saturday
        #expect(!c.isWorkingDay(CivilDate(year: 2027, month: 4, day: 29)!))
        // Friday 23 April 09:00 + 1 working day lands on the make-up Saturday.
        #expect(c.iso(c.addingWorkingDays(1, to: vn("2027-04-23T09:00"))) == "2027-04-24T09:00:00+07:00")
        #expect(c.makeUpDays(in: 2027).map(\.date.description) == ["2027-04-24"])
        #expect(c.holidays(in: 2027).contains { $0.date.description == "2027-04-29" && $0.kind == .configured })
    }

    @Test("calendar-day deadlines move only when they land on a day off")
    func calendarDays() {
        // Monday 1 March 2027 09:00 + 5 calendar days = Saturday 6 March → Monday 8 March 09:00.
        let d = calendar.due(from: vn("2027-03-01T09:00"), deadline: Deadline(value: 5, unit: .calendarDays))
        #expect(iso(d) == "2027-03-08T09:00:00+07:00")
        let e = calendar.due(from: vn("2027-03-01T09:00"), deadline: Deadline(value: 3, unit: .calendarDays))
        #expect(iso(e) == "2027-03-04T09:00:00+07:00")
    }

    @Test("a cut-off hour moves late receipts to the next working day")
    func cutoff() {
        let d = calendar.due(from: vn("2027-03-01T15:30"), deadline: Deadline(value: 1), cutoff: TimeOfDay("15:00"))
        #expect(iso(d) == "2027-03-03T07:30:00+07:00")
        let e = calendar.due(from: vn("2027-03-01T14:59"), deadline: Deadline(value: 1), cutoff: TimeOfDay("15:00"))
        #expect(iso(e) == "2027-03-02T14:59:00+07:00")
    }

    @Test("working hours and fractions of a day")
    func workingHours() {
        // 16:00 + 2 h: one hour today, one tomorrow from 07:30.
        #expect(iso(calendar.addingWorkingTime(7200, to: vn("2027-03-01T16:00"))) == "2027-03-02T08:30:00+07:00")
        // Ending exactly at the close of a period gives the closing time.
        #expect(iso(calendar.addingWorkingTime(3600, to: vn("2027-03-01T16:00"))) == "2027-03-01T17:00:00+07:00")
        // Half a standard day (3 h 45) from 09:00: 2 h 30 before lunch, 1 h 15 after 13:30 = 14:45.
        #expect(iso(calendar.adding(WorkDuration(days: 0.5), to: vn("2027-03-01T09:00"))) == "2027-03-01T14:45:00+07:00")
        #expect(calendar.standardDaySeconds == 27_000)
        #expect(calendar.workingTime(from: vn("2027-03-01T09:00"), to: vn("2027-03-03T10:00")) == 16 * 3600)
    }

    @Test("adding the working time between two instants lands exactly that much later", arguments: 0..<4)
    func addingIsInverseOfMeasuring(seed: Int) {
        var rng = SplitMix(seed: UInt64(seed) &+ 42)
        for _ in 0..<500 {
            let start = vn("2026-01-01T00:00").addingTimeInterval(Double(rng.next() % (2 * 365 * 86_400)))
            let amount = Int(rng.next() % (40 * 27_000))
            let end = calendar.addingWorkingTime(amount, to: start)
            #expect(calendar.workingTime(from: start, to: end) == amount)
            #expect(end >= start)
        }
    }

    @Test("bad calendar files name file, line and element")
    func badCalendarFiles() {
        let cases: [(String, String, Int)] = [
            ("workingHours:\n  monday: [\"11:30-07:30\"]\n", "bad_period", 2),
            ("workingHours:\n  mondy: [\"07:30-11:30\"]\n", "unknown_key", 2),
            ("holidays:\n  fixed:\n    - {date: \"13-45\", name: X}\n", "bad_date", 3),
            ("years:\n  2027:\n    daysOff: [{date: 2026-01-02, name: X}]\n", "wrong_year", 3),
            ("workingHours: {}\n", "no_working_time", 0),
            ("utcOffset: \"+7\"\n", "bad_offset", 1),
            ("timeZone: [\n", "yaml_syntax", 2),
        ]
        for (yaml, code, line) in cases {
            let (cal, problems) = WorkingCalendar.decode(yaml: yaml, file: "c.yaml")
            #expect(cal == nil, "\(code) should not load")
            let match = problems.first { $0.code == code }
            #expect(match != nil, "expected \(code) in \(problems)")
            if line > 0 { #expect(match?.line == line, "\(code) line") }
        }
    }
}

/// A small deterministic random generator for reproducible property tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
