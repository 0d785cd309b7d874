/// edXML's date and timestamp texts: `yyyy/MM/dd` and `yyyy/MM/dd HH:mm:ss`, local time
/// of the sender (Vietnam, UTC+7).
public enum EdXMLDates {
    /// The date of `yyyy/MM/dd`; `nil` for any other shape or a day that does not exist.
    public static func date(_ text: some StringProtocol) -> CivilDate? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Digits.parse(parts[0]), let m = Digits.parse(parts[1]), let d = Digits.parse(parts[2])
        else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }

    /// Date and seconds since midnight of `yyyy/MM/dd HH:mm:ss`; `nil` otherwise.
    public static func timestamp(_ text: some StringProtocol) -> (date: CivilDate, seconds: Int)? {
        let halves = text.split(separator: " ", omittingEmptySubsequences: false)
        guard halves.count == 2, let day = date(halves[0]) else { return nil }
        let clock = halves[1].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
              let h = Digits.parse(clock[0]), let m = Digits.parse(clock[1]), let s = Digits.parse(clock[2]),
              h < 24, m < 60, s < 60
        else { return nil }
        return (day, h * 3600 + m * 60 + s)
    }

    /// `yyyy/MM/dd` of a date.
    public static func text(_ date: CivilDate) -> String {
        let c = date.components
        return "\(Digits.pad(c.year, 4))/\(Digits.pad(c.month, 2))/\(Digits.pad(c.day, 2))"
    }

    /// `yyyy/MM/dd HH:mm:ss` of a date and seconds since midnight.
    public static func text(_ date: CivilDate, seconds: Int) -> String {
        "\(text(date)) \(Digits.pad(seconds / 3600, 2)):\(Digits.pad(seconds / 60 % 60, 2)):\(Digits.pad(seconds % 60, 2))"
    }
}
