public import Foundation

extension WorkingCalendar {
    /// How far the arithmetic walks before deciding a calendar has no working time at all
    /// (a misconfiguration the loader rejects; this only keeps a bad value from looping).
    static let searchLimitDays = 3700

    /// Whether the instant lies inside a working period.
    public func isWorkingInstant(_ instant: Date) -> Bool {
        let (day, s) = local(instant)
        return periods(on: day).contains { $0.start.seconds <= s && s < $0.end.seconds }
    }

    /// The instant itself if it is working time, otherwise the start of the next working
    /// period ("a submission after closing time counts from the next working period").
    public func nextWorkingInstant(_ instant: Date) -> Date {
        var (day, s) = local(instant)
        for _ in 0..<Self.searchLimitDays {
            for p in periods(on: day) where s < p.end.seconds {
                return s <= p.start.seconds ? self.instant(day, p.start.seconds) : instant
            }
            day = day.adding(days: 1)
            s = 0
        }
        return instant
    }

    /// The start of counting for a receipt: the next working instant, or the next working
    /// day's first period when the receipt is at or after the procedure's cut-off hour.
    public func countingStart(from instant: Date, cutoff: TimeOfDay? = nil) -> Date {
        let start = nextWorkingInstant(instant)
        guard let cutoff else { return start }
        let (day, s) = local(start)
        guard s >= cutoff.seconds else { return start }
        return nextWorkingInstant(self.instant(day.adding(days: 1), 0))
    }

    /// The instant after `seconds` of working time counted from `instant`. Time spent
    /// outside working periods does not count. Ending exactly at the close of a period
    /// gives that closing time.
    public func addingWorkingTime(_ seconds: Int, to instant: Date) -> Date {
        guard seconds > 0 else { return instant }
        var remaining = seconds
        var (day, s) = local(instant)
        for _ in 0..<Self.searchLimitDays {
            for p in periods(on: day) where s < p.end.seconds {
                let from = max(s, p.start.seconds)
                let available = p.end.seconds - from
                if remaining <= available { return self.instant(day, from + remaining) }
                remaining -= available
            }
            day = day.adding(days: 1)
            s = 0
        }
        return instant
    }

    /// The instant `n` working days after `instant`: the same time of day on the n-th
    /// working day after the (normalised) start. A start outside working time counts from
    /// the next working period.
    public func addingWorkingDays(_ n: Int, to instant: Date) -> Date {
        let start = nextWorkingInstant(instant)
        guard n > 0 else { return start }
        let (startDay, s) = local(start)
        var day = startDay
        var counted = 0
        for _ in 0..<Self.searchLimitDays where counted < n {
            day = day.adding(days: 1)
            if isWorkingDay(day) { counted += 1 }
        }
        let target = periods(on: day)
        if target.contains(where: { $0.start.seconds <= s && s < $0.end.seconds }) {
            return self.instant(day, s)
        }
        // The target day has other hours (a make-up Saturday): keep the working-time offset.
        let offset = periods(on: startDay).reduce(0) { $0 + max(0, min(s, $1.end.seconds) - $1.start.seconds) }
        return addingWorkingTime(offset, to: self.instant(day, target.first?.start.seconds ?? 0))
    }

    /// Working time, in seconds, between two instants (0 if `end` is not after `start`).
    public func workingTime(from start: Date, to end: Date) -> Int {
        guard end > start else { return 0 }
        let (d0, s0) = local(start)
        let (d1, s1) = local(end)
        var total = 0
        var day = d0
        while day <= d1 {
            let lo = day == d0 ? s0 : 0
            let hi = day == d1 ? s1 : 86_400
            for p in periods(on: day) {
                total += max(0, min(hi, p.end.seconds) - max(lo, p.start.seconds))
            }
            day = day.adding(days: 1)
        }
        return total
    }

    /// The instant after a working duration (whole working days, then the fraction of a
    /// standard day and any extra working time).
    public func adding(_ duration: WorkDuration, to instant: Date) -> Date {
        // Durations come from definitions and are bounded by the search limit anyway.
        let days = Swift.min(Swift.max(duration.days, 0), Double(Self.searchLimitDays))
        let whole = Int(saturating: days, rule: .down)
        let fraction = Int(saturating: (days - Double(whole)) * Double(standardDaySeconds))
        let afterDays = whole > 0 ? addingWorkingDays(whole, to: instant) : nextWorkingInstant(instant)
        return addingWorkingTime(fraction + duration.seconds, to: afterDays)
    }

    /// The appointment (due time) of a deadline counted from a receipt.
    ///
    /// Working days count from the counting start (after the cut-off: the next working day).
    /// Calendar days count every day; only a due date that lands on a day off moves forward
    /// to the next working day, at the same time of day.
    public func due(from receipt: Date, deadline: Deadline, cutoff: TimeOfDay? = nil) -> Date {
        let start = countingStart(from: receipt, cutoff: cutoff)
        switch deadline.unit {
        case .workingDays:
            return adding(WorkDuration(days: deadline.value), to: start)
        case .calendarDays:
            let value = Swift.min(Swift.max(deadline.value, 0), Double(Self.searchLimitDays))
            let whole = Int(saturating: value, rule: .down)
            let (day, s) = local(start)
            var dueDay = day.adding(days: whole)
            for _ in 0..<Self.searchLimitDays where !isWorkingDay(dueDay) { dueDay = dueDay.adding(days: 1) }
            let extra = Int(saturating: (value - Double(whole)) * 86_400)
            return self.instant(dueDay, s).addingTimeInterval(TimeInterval(extra))
        }
    }
}
