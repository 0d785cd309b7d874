public import Foundation

/// The range of dates an input may name (an appointment moved by `reschedule`, an online
/// submission time): ten years either side of now. Outside it a date is a typo or an
/// attack, and calendar work on it would only cost time.
public enum DateWindow {
    /// Years either side of now.
    public static let years = 10

    /// Whether `date` lies within the window around `now`.
    public static func contains(_ date: Date, around now: Date) -> Bool {
        let span = Double(years) * 366 * 86_400
        return date.timeIntervalSince(now).magnitude <= span
    }
}
