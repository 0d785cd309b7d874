import Foundation

extension DeadlineCount.StartReason {
    /// How the desk says it: why counting starts where it does.
    public var vietnameseLabel: String {
        switch self {
        case .duringWorkingHours: "Tiếp nhận trong giờ làm việc: tính từ lúc tiếp nhận"
        case .outsideWorkingHours: "Tiếp nhận ngoài giờ làm việc: tính từ đầu buổi làm việc kế tiếp"
        case .afterCutoff: "Tiếp nhận sau giờ chốt nhận hồ sơ trong ngày: tính từ ngày làm việc kế tiếp"
        }
    }
}

extension DeadlineCount.DayKind {
    /// What the day was, as printed in the explanation.
    public var vietnameseLabel: String {
        switch self {
        case .counted: "tính"
        case .makeUp: "ngày làm bù, tính"
        case .remainder: "phần lẻ của ngày"
        case .weekend: "nghỉ cuối tuần, không tính"
        case .holiday: "nghỉ lễ, không tính"
        case .substitute: "nghỉ bù, không tính"
        case .configured: "ngày nghỉ theo thông báo, không tính"
        case .calendar: "ngày lịch, tính"
        case .movedOver: "hạn rơi vào ngày nghỉ, lùi qua"
        case .nextWorkingDay: "ngày làm việc kế tiếp"
        }
    }
}

extension WorkDuration {
    /// Working seconds as "2 giờ 30 phút" (hours and minutes, the way waits are told).
    public static func vietnameseHours(_ seconds: Int) -> String {
        let (h, m) = (seconds / 3600, seconds % 3600 / 60)
        switch (h, m) {
        case (0, 0): return "0 phút"
        case (_, 0): return "\(h) giờ"
        case (0, _): return "\(m) phút"
        default: return "\(h) giờ \(m) phút"
        }
    }
}
