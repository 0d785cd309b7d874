import Foundation
import MotCuaCore
import Testing

@Suite("Why this appointment: the explanation adds up")
struct AppointmentExplanationTests {
    /// The shipped rules plus a government swap: Saturday 30 January 2027 worked in exchange
    /// for Friday 12 February, the day after Tết's substitute days.
    static let swapCalendar: WorkingCalendar = {
        let yaml = """
        years:
          2027:
            daysOff: [{date: 2027-02-12, name: "Nghỉ hoán đổi theo Thông báo của Bộ Nội vụ"}]
            workingDays: [{date: 2027-01-30, name: "Làm bù cho ngày 12/02/2027"}]
        """
        let (calendar, problems) = WorkingCalendar.decode(yaml: yaml, file: "swap.yaml")
        precondition(problems.isEmpty && calendar != nil, "\(problems)")
        return calendar!
    }()

    @Test("Tết, a swap day, Hùng Kings' day, two supplement rounds and a reschedule recompute the appointment")
    func addsUp() throws {
        let c = Self.swapCalendar
        // Thursday 28 January 2027, 17:30: after hours.
        var h = EngineHarness(at: "2027-01-28T17:30", calendar: c)
        // Round 1 across Tết and the swap day off; round 2 across Hùng Kings' day (Friday 16 April).
        h.act("request_supplement", by: Actors.desk, at: "2027-02-03T10:00", reason: "Thiếu giấy tờ", items: ["Phiếu khám sức khỏe"])
        h.act("submit_supplement", by: Actors.desk, at: "2027-02-15T09:00")
        h.act("forward", by: Actors.desk, at: "2027-02-15T10:00")
        h.act("reschedule", by: Actors.headQLCN, at: "2027-02-16T08:00", reason: "Cần kiểm tra thực tế cơ sở",
              newDueAt: "2027-03-31T16:00")
        h.act("forward", by: Actors.headQLCN, at: "2027-02-16T09:00", assignee: Actors.specialistAssignee)
        h.act("request_supplement", by: Actors.specialistQLCN, at: "2027-04-14T10:00", reason: "Thiếu", items: ["Bản sao văn bằng"])
        h.act("submit_supplement", by: Actors.desk, at: "2027-04-19T10:00")
        #expect(h.dossier.supplementRounds == 2)

        let x = AppointmentExplanation.explain(h.events, workflow: h.workflow, calendar: c, now: Repository.vn("2027-04-20T08:00"))
        let count = try #require(x.initial)
        #expect(count.startReason == .outsideWorkingHours)
        #expect(c.iso(count.countingFrom) == "2027-01-29T07:30:00+07:00")
        #expect(count.days.contains { $0.kind == .makeUp && $0.date.description == "2027-01-30" })
        #expect(count.days.contains { $0.kind == .holiday && $0.name == "Tết Nguyên đán" })
        #expect(count.days.contains { $0.kind == .substitute && $0.date.description == "2027-02-10" })
        #expect(count.days.contains { $0.kind == .configured && $0.date.description == "2027-02-12" })
        #expect(!x.calendarChanged)
        let pauses = x.changes.compactMap { if case let .pause(p) = $0 { p } else { nil } }
        #expect(pauses.map(\.supplementRound) == [1, 2])
        #expect(pauses[1].daysOff.contains { $0.name == "Giỗ Tổ Hùng Vương" })
        #expect(x.changes.count == 3)
        #expect(recompute(x, calendar: c) == h.dossier.dueAt)
        #expect(x.dueAt == h.dossier.dueAt)
    }

    @Test("a wait still in progress is measured to now and does not move the appointment yet")
    func openWait() throws {
        var h = EngineHarness(at: "2027-03-01T08:00")
        h.act("request_supplement", by: Actors.desk, at: "2027-03-02T09:00", reason: "Thiếu", items: ["Đơn"])
        let x = AppointmentExplanation.explain(h.events, workflow: h.workflow, calendar: h.calendar, now: Repository.vn("2027-03-03T09:00"))
        guard case let .pause(p)? = x.changes.last else { Issue.record("no pause"); return }
        #expect(p.resumedAt == nil && p.dueAfter == nil)
        #expect(p.waitedWorkingSeconds == 7 * 3600 + 30 * 60)  // Tue 09:00–17:00 less lunch, Wed 07:30–09:00
        #expect(recompute(x, calendar: h.calendar) == h.dossier.dueAt)
    }

    @Test("after the cut-off hour counting starts on the next working day; calendar days move off a day off")
    func cutoffAndCalendarDays() {
        let c = Self.swapCalendar
        let late = c.count(from: Repository.vn("2027-04-15T16:00"), deadline: Deadline(value: 2), cutoff: TimeOfDay(hour: 15, minute: 30))
        #expect(late.startReason == .afterCutoff)
        // Friday 16 April is Hùng Kings' day: counting starts Monday 19 April.
        #expect(c.iso(late.countingFrom) == "2027-04-19T07:30:00+07:00")
        #expect(late.daysOffBeforeStart.map(\.name) == ["Giỗ Tổ Hùng Vương", nil, nil])
        #expect(c.iso(late.dueAt) == "2027-04-21T07:30:00+07:00")
        let early = c.count(from: Repository.vn("2027-04-15T10:00"), deadline: Deadline(value: 2.5), cutoff: TimeOfDay(hour: 15, minute: 30))
        #expect(early.startReason == .duringWorkingHours)
        #expect(early.extraSeconds == 7 * 3600 / 2 + 900)  // half of 7 h 30
        let calendarDays = c.count(from: Repository.vn("2027-04-26T09:00"), deadline: Deadline(value: 5, unit: .calendarDays))
        // Saturday 1 May (a holiday), Sunday, Monday 3 May (substitute): moved to Tuesday 4 May.
        #expect(c.iso(calendarDays.dueAt) == "2027-05-04T09:00:00+07:00")
        #expect(calendarDays.days.map(\.kind).suffix(3) == [.movedOver, .movedOver, .nextWorkingDay])
        for count in [late, early] { #expect(recomputeCount(count, calendar: c) == count.dueAt) }
    }

    /// The appointment rebuilt from the explanation's parts with plain arithmetic, checking
    /// each part against the calendar on the way: any part that is wrong or missing breaks it.
    func recompute(_ x: AppointmentExplanation, calendar c: WorkingCalendar) -> Date? {
        guard let count = x.initial else { return nil }
        var due = recomputeCount(count, calendar: c)
        #expect(due == x.recordedInitialDueAt)
        for change in x.changes {
            switch change {
            case let .pause(p):
                #expect(p.dueBefore == due)
                if let resumed = p.resumedAt {
                    #expect(workingSeconds(from: p.pausedAt, to: resumed, calendar: c) == p.waitedWorkingSeconds)
                    #expect(p.daysOff.map(\.date) == dates(from: p.pausedAt, to: resumed, calendar: c).filter { c.periods(on: $0).isEmpty })
                }
                guard let after = p.dueAfter else { continue }
                #expect(workingSeconds(from: due, to: after, calendar: c) == p.waitedWorkingSeconds)
                due = after
            case let .reschedule(r):
                #expect(r.dueBefore == due)
                due = r.dueAfter
            }
        }
        return due
    }

    /// The count's appointment: its dates must run day by day, the counted ones must be
    /// working days and number the deadline's whole days, the skipped ones days off.
    func recomputeCount(_ count: DeadlineCount, calendar c: WorkingCalendar) -> Date {
        let (startDay, startSeconds) = c.local(count.countingFrom)
        #expect(count.days.map(\.date) == dates(from: count.countingFrom, to: count.dueAt, calendar: c).dropFirst().map { $0 })
        #expect(count.daysOffBeforeStart.map(\.date)
            == dates(from: count.receivedAt, to: count.countingFrom, calendar: c).filter { c.periods(on: $0).isEmpty })
        let counting = count.days.filter { $0.kind.counts }
        #expect(counting.count == count.wholeDays)
        if count.deadline.unit == .workingDays {
            for day in count.days { #expect(c.periods(on: day.date).isEmpty != (day.kind.counts || day.kind == .remainder), "\(day)") }
        }
        var landing = counting.last?.date ?? startDay
        while c.periods(on: landing).isEmpty { landing = landing.adding(days: 1) }
        let base = c.instant(landing, startSeconds)
        return count.deadline.unit == .workingDays ? c.addingWorkingTime(count.extraSeconds, to: base)
            : base.addingTimeInterval(TimeInterval(count.extraSeconds))
    }

    /// Working seconds between two instants, summed period by period.
    func workingSeconds(from a: Date, to b: Date, calendar c: WorkingCalendar) -> Int {
        dates(from: a, to: b, calendar: c).reduce(0) { total, day in
            let lo = day == c.local(a).date ? c.local(a).seconds : 0
            let hi = day == c.local(b).date ? c.local(b).seconds : 86_400
            return total + c.periods(on: day).reduce(0) { $0 + max(0, min(hi, $1.end.seconds) - max(lo, $1.start.seconds)) }
        }
    }

    func dates(from a: Date, to b: Date, calendar c: WorkingCalendar) -> [CivilDate] {
        let (first, last) = (c.local(a).date, c.local(b).date)
        return first <= last ? (first.dayNumber...last.dayNumber).map(CivilDate.init(dayNumber:)) : []
    }
}
