public import Foundation

/// How an appointment was counted from a receipt: where counting started and why, and every
/// date between the start and the appointment with what it was (counted, make-up working
/// day, or skipped and why). Built by `WorkingCalendar.count(from:deadline:cutoff:)`, which
/// uses the same arithmetic as `due(from:deadline:cutoff:)`, so the two cannot disagree.
public struct DeadlineCount: Sendable, Hashable {
    /// Why counting started where it did.
    public enum StartReason: String, Sendable, Hashable, Codable {
        /// Received during working hours: counted from the receipt itself.
        case duringWorkingHours = "during_working_hours"
        /// Received outside working hours (evening, lunch, a day off): counted from the next
        /// working period.
        case outsideWorkingHours = "outside_working_hours"
        /// Received at or after the procedure's cut-off hour: counted from the next working day.
        case afterCutoff = "after_cutoff"
    }

    /// What one date was in the count.
    public enum DayKind: String, Sendable, Hashable, Codable {
        /// A normal working day, counted.
        case counted
        /// A make-up working day (a Saturday worked in exchange), counted.
        case makeUp = "make_up"
        /// A working day after the whole days, carrying the fraction of a day ("0.5 ngày").
        case remainder
        /// Weekend, skipped.
        case weekend
        /// A public holiday (Tết, Hùng Kings' day, 30/4 …), skipped.
        case holiday
        /// A day off given for a holiday on a weekend, skipped.
        case substitute
        /// A day off from the agency's configuration (a government notice), skipped.
        case configured
        /// Calendar-day deadlines count every day: the day counted though the office is closed.
        case calendar
        /// A calendar-day appointment that fell on a day off moved over this day.
        case movedOver = "moved_over"
        /// The working day a calendar-day appointment moved to.
        case nextWorkingDay = "next_working_day"

        /// Whether the day counts towards the deadline's whole days.
        public var counts: Bool { self == .counted || self == .makeUp || self == .calendar }
    }

    /// One date after the counting start, up to and including the appointment's date.
    public struct Day: Sendable, Hashable {
        /// The date.
        public let date: CivilDate
        /// What it was.
        public let kind: DayKind
        /// The holiday's or make-up day's name, when it has one.
        public let name: String?
    }

    /// When the dossier was received.
    public let receivedAt: Date
    /// The procedure's cut-off hour, when it has one.
    public let cutoff: TimeOfDay?
    /// Where counting started.
    public let countingFrom: Date
    /// Why it started there.
    public let startReason: StartReason
    /// Days off between the receipt and the counting start (received on a Saturday, or the
    /// evening before a holiday).
    public let daysOffBeforeStart: [Day]
    /// The statutory deadline.
    public let deadline: Deadline
    /// Whole days of the deadline (the days counted).
    public let wholeDays: Int
    /// The fraction of a day after the whole days, in seconds: working time for working-day
    /// deadlines, clock time for calendar-day ones.
    public let extraSeconds: Int
    /// Every date after the counting start's date up to the appointment's date, in order.
    public let days: [Day]
    /// The appointment.
    public let dueAt: Date
}

extension WorkingCalendar {
    /// The appointment of `due(from:deadline:cutoff:)` with the reasoning behind it.
    public func count(from receipt: Date, deadline: Deadline, cutoff: TimeOfDay? = nil) -> DeadlineCount {
        let start = countingStart(from: receipt, cutoff: cutoff)
        let reason: DeadlineCount.StartReason =
            start == receipt ? .duringWorkingHours : start != nextWorkingInstant(receipt) ? .afterCutoff : .outsideWorkingHours
        let due = self.due(from: receipt, deadline: deadline, cutoff: cutoff)
        let value = Swift.min(Swift.max(deadline.value, 0), Double(Self.searchLimitDays))
        let whole = Int(saturating: value, rule: .down)
        let startDay = local(start).date
        let dueDay = local(due).date
        var days: [DeadlineCount.Day] = []
        var counted = 0
        var day = startDay.adding(days: 1)
        while day <= dueDay && days.count < Self.searchLimitDays {
            days.append(describe(day, unit: deadline.unit, countedSoFar: &counted, whole: whole))
            day = day.adding(days: 1)
        }
        let fraction = value - Double(whole)
        let extra = Int(saturating: fraction * Double(deadline.unit == .workingDays ? standardDaySeconds : 86_400))
        return DeadlineCount(receivedAt: receipt, cutoff: cutoff, countingFrom: start, startReason: reason,
                             daysOffBeforeStart: daysOff(from: receipt, to: start), deadline: deadline,
                             wholeDays: whole, extraSeconds: extra, days: days, dueAt: due)
    }

    private func describe(_ day: CivilDate, unit: Deadline.Unit, countedSoFar counted: inout Int, whole: Int) -> DeadlineCount.Day {
        let holiday = holiday(on: day)
        let working = isWorkingDay(day)
        if unit == .calendarDays {
            guard counted < whole else {
                return DeadlineCount.Day(date: day, kind: working ? .nextWorkingDay : .movedOver, name: holiday?.name)
            }
            counted += 1
            return DeadlineCount.Day(date: day, kind: .calendar, name: holiday?.name)
        }
        if working {
            guard counted < whole else { return DeadlineCount.Day(date: day, kind: .remainder, name: nil) }
            counted += 1
            if isMakeUpDay(day) {
                return DeadlineCount.Day(date: day, kind: .makeUp, name: makeUpDays(in: day.year).first { $0.date == day }?.name)
            }
            return DeadlineCount.Day(date: day, kind: .counted, name: nil)
        }
        return dayOff(day) ?? DeadlineCount.Day(date: day, kind: .weekend, name: nil)
    }

    /// Why a date is not worked (weekend, holiday, substitute or configured day off), or
    /// `nil` when it is a working day.
    public func dayOff(_ day: CivilDate) -> DeadlineCount.Day? {
        guard !isWorkingDay(day) else { return nil }
        guard let holiday = holiday(on: day) else { return DeadlineCount.Day(date: day, kind: .weekend, name: nil) }
        let kind: DeadlineCount.DayKind = switch holiday.kind {
        case .lunar, .fixed: .holiday
        case .substitute: .substitute
        case .configured: .configured
        }
        return DeadlineCount.Day(date: day, kind: kind, name: holiday.name)
    }

    /// The days off between two instants' dates, both included, in order.
    public func daysOff(from start: Date, to end: Date) -> [DeadlineCount.Day] {
        let (first, last) = (local(start).date, local(end).date)
        guard first <= last else { return [] }
        return (first.dayNumber...Swift.min(last.dayNumber, first.dayNumber + Self.searchLimitDays))
            .compactMap { dayOff(CivilDate(dayNumber: $0)) }
    }
}
