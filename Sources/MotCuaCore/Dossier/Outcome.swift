public import Foundation

/// The on-time verdict of a finished dossier or step.
public enum Outcome: String, Sendable, Codable, CaseIterable {
    /// Trước hạn: finished on a day before the appointment day.
    case early
    /// Đúng hạn: finished on the appointment day, at or before its time.
    case onTime = "on_time"
    /// Trễ hạn: finished after the appointment.
    case late

    /// Vietnamese label as printed on the process control slip.
    public var vietnameseLabel: String {
        switch self {
        case .early: "Trước hạn"
        case .onTime: "Đúng hạn"
        case .late: "Trễ hạn"
        }
    }

    /// The verdict of finishing at `finish` against `due`, reading days in the calendar's zone.
    /// With `supplementRounds` over one, the national service-quality index counts the dossier
    /// as late whatever the dates (Decision 766/QĐ-TTg).
    public static func verdict(finish: Date, due: Date, calendar: WorkingCalendar, supplementRounds: Int = 0) -> Outcome {
        if supplementRounds > 1 || finish > due { return .late }
        return calendar.local(finish).date < calendar.local(due).date ? .early : .onTime
    }
}
