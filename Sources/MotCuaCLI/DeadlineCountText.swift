import MotCuaCore

/// `calendar due --explain`: the count as lines a desk officer reads, the appointment last.
enum DeadlineCountText {
    static func lines(_ count: DeadlineCount, calendar: WorkingCalendar) -> [String] {
        func describe(_ d: DeadlineCount.Day) -> String {
            "\(d.date.weekday.vietnameseName) \(d.date)  \(d.kind.vietnameseLabel)\(d.name.map { ": \($0)" } ?? "")"
        }
        var lines = ["Tiếp nhận:  \(calendar.iso(count.receivedAt))"]
        if let cutoff = count.cutoff { lines.append("Giờ chốt:   \(cutoff)") }
        for d in count.daysOffBeforeStart {
            lines.append("    -  \(describe(d))")
        }
        lines.append("Bắt đầu:    \(calendar.iso(count.countingFrom)) (\(count.startReason.vietnameseLabel))")
        let unit = count.deadline.unit == .workingDays ? "ngày làm việc" : "ngày"
        lines.append("Thời hạn:   \(count.deadline.value.formatted) \(unit)")
        var counted = 0
        for d in count.days {
            if d.kind.counts { counted += 1 }
            lines.append("  \(d.kind.counts ? String(counted).leftPadded(3) : "  -")  \(describe(d))")
        }
        if count.extraSeconds > 0 {
            lines.append("Cộng thêm:  \(WorkDuration.vietnameseHours(count.extraSeconds))"
                + (count.deadline.unit == .workingDays ? " làm việc" : ""))
        }
        lines.append("Hẹn trả:    \(calendar.iso(count.dueAt))")
        return lines
    }
}

extension Double {
    /// `10` for whole numbers, `2.5` otherwise.
    var formatted: String { self == rounded() ? String(Int(self)) : String(self) }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
