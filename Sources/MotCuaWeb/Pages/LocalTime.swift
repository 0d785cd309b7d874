import Foundation
import MotCuaCore

/// An instant as officers read it: `dd/MM/yyyy HH:mm` in the calendar's time zone; and
/// back from a form's `yyyy-MM-ddTHH:mm` (an HTML date-time input) in that zone.
enum LocalTime {
    static func parse(_ text: String, _ calendar: WorkingCalendar) -> Date? {
        let parts = text.split(separator: "T")
        guard parts.count == 2, let date = CivilDate(iso: parts[0]) else { return nil }
        let hm = parts[1].split(separator: ":")
        guard hm.count == 2, hm.allSatisfy({ $0.count == 2 }), let h = Int(hm[0]), let m = Int(hm[1]), (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        return calendar.instant(date, h * 3600 + m * 60)
    }

    static func text(_ instant: Date, _ calendar: WorkingCalendar) -> String {
        let (date, seconds) = calendar.local(instant)
        return "\(day(date)) \(Digits.pad(seconds / 3600, 2)):\(Digits.pad(seconds % 3600 / 60, 2))"
    }

    /// A date as `dd/MM/yyyy`.
    static func day(_ date: CivilDate) -> String {
        let c = date.components
        return "\(Digits.pad(c.day, 2))/\(Digits.pad(c.month, 2))/\(c.year)"
    }
}
