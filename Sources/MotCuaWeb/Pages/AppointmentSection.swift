import Foundation
import MotCuaCore

/// "Vì sao hẹn trả ngày này?" on the dossier page: the core's explanation as template values.
/// The counted days are a table (collapsed: a long deadline has many rows); the waits and
/// reschedules are sentences, each naming the appointment before and after.
struct AppointmentSection {
    let calendar: WorkingCalendar

    func values(_ x: AppointmentExplanation, access: ReadAccess) -> [String: Any]? {
        guard let count = x.initial else { return nil }
        func at(_ date: Date) -> String { LocalTime.text(date, calendar) }
        func day(_ d: DeadlineCount.Day) -> String {
            "\(d.date.weekday.vietnameseName) \(LocalTime.day(d.date))\(d.name.map { " — \($0)" } ?? "")"
        }
        var counted = 0
        // Built as HTML rows (a long deadline has dozens): see `TableRows`.
        let days = count.days.map { d in
            if d.kind.counts { counted += 1 }
            let skipped = !(d.kind.counts || d.kind == .remainder || d.kind == .nextWorkingDay)
            return (skipped ? "<tr class=\"skipped\">" : "<tr>") + TableRows.cell(d.kind.counts ? String(counted) : "", class: "num")
                + TableRows.cell(day(d)) + TableRows.cell(d.kind.vietnameseLabel) + "</tr>"
        }.joined()
        var values: [String: Any] = [
            "receivedAt": at(count.receivedAt), "startReason": count.startReason.vietnameseLabel,
            "cutoff": count.cutoff?.description ?? "", "hasCutoff": count.cutoff != nil, "countingFrom": at(count.countingFrom),
            "deadline": DeskRoutes.deadlineText(count.deadline), "days": days, "initialDue": at(count.dueAt),
            "beforeStart": count.daysOffBeforeStart.map { ["day": day($0), "what": $0.kind.vietnameseLabel] },
            "hasBeforeStart": !count.daysOffBeforeStart.isEmpty,
            "extra": WorkDuration.vietnameseHours(count.extraSeconds), "hasExtra": count.extraSeconds > 0,
            "now": x.dueAt.map(at) ?? "—", "calendarChanged": x.calendarChanged,
        ]
        values["changes"] = x.changes.map { change -> [String: Any] in
            switch change {
            case let .pause(p):
                let round = p.supplementRound.map { " (lần \($0))" } ?? ""
                let off = p.daysOff.filter { $0.name != nil }.map { "\(LocalTime.day($0.date)) \($0.name ?? "")" }
                var text = "\(p.label)\(round): từ \(at(p.pausedAt)) "
                text += p.resumedAt.map { "đến \(at($0)), chờ \(WorkDuration.vietnameseHours(p.waitedWorkingSeconds)) trong giờ làm việc" }
                    ?? "đến nay, đã chờ \(WorkDuration.vietnameseHours(p.waitedWorkingSeconds)) trong giờ làm việc"
                if !off.isEmpty { text += " (không tính ngày nghỉ: \(off.joined(separator: ", ")))" }
                text += p.dueAfter.map { ". Hẹn trả lùi từ \(at(p.dueBefore)) sang \(at($0))." }
                    ?? ". Hẹn trả sẽ lùi thêm đúng thời gian chờ khi hồ sơ được tiếp tục."
                return ["text": text]
            case let .reschedule(r):
                let who = access == .whole ? "\(r.actor.name) (\(r.actor.role.vietnameseTitle))" : r.actor.role.vietnameseTitle
                let reason = r.reason.map { ", lý do: \($0)" } ?? ""
                return ["text": "Gia hạn lúc \(at(r.at)) bởi \(who)\(reason). Hẹn trả đổi từ \(at(r.dueBefore)) sang \(at(r.dueAfter))."]
            }
        }
        values["hasChanges"] = !x.changes.isEmpty
        return values
    }
}
