public import Foundation

/// Conversions between instants (`Date`) and ISO 8601 text with a fixed UTC offset.
///
/// Vietnam has kept UTC+7 without daylight saving since 1975, so an offset is all the
/// product needs; keeping it explicit keeps the core free of the system's zone database.
public enum Timestamp {
    /// Formats an instant as `yyyy-MM-dd'T'HH:mm:ss±HH:mm` at the given offset.
    public static func iso(_ date: Date, offset: Int) -> String {
        let (day, time) = split(date, offset: offset)
        return "\(day)T\(hms(time))\(offsetText(offset))"
    }

    /// Appends the quoted `iso` text of an instant to JSON bytes: the same characters,
    /// written digit by digit instead of through a dozen small strings.
    public static func quotedISO(_ date: Date, offset: Int, into out: inout [UInt8]) {
        let (day, time) = split(date, offset: offset)
        let c = day.components
        guard (0...9999).contains(c.year), abs(offset) < 100 * 3600 else {
            JSONText.quote(iso(date, offset: offset), into: &out)
            return
        }
        func put(_ v: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(48 + v / divisor % 10))
                divisor /= 10
            }
        }
        let a = abs(offset)
        out.append(0x22)
        put(c.year, 4); out.append(UInt8(ascii: "-")); put(c.month, 2); out.append(UInt8(ascii: "-")); put(c.day, 2)
        out.append(UInt8(ascii: "T"))
        put(time / 3600, 2); out.append(UInt8(ascii: ":")); put(time % 3600 / 60, 2); out.append(UInt8(ascii: ":")); put(time % 60, 2)
        out.append(offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        put(a / 3600, 2); out.append(UInt8(ascii: ":")); put(a % 3600 / 60, 2)
        out.append(0x22)
    }

    /// Formats an instant as `yyyyMMddHHmmss` at the given offset (the portal's date format).
    public static func compact(_ date: Date, offset: Int) -> String {
        let (day, time) = split(date, offset: offset)
        let c = day.components
        return Digits.pad(c.year, 4) + Digits.pad(c.month, 2) + Digits.pad(c.day, 2)
            + Digits.pad(time / 3600, 2) + Digits.pad(time % 3600 / 60, 2) + Digits.pad(time % 60, 2)
    }

    /// The local date and seconds since local midnight of an instant.
    public static func split(_ date: Date, offset: Int) -> (CivilDate, Int) {
        let local = Int(saturating: date.timeIntervalSince1970, rule: .down) + offset
        let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return (CivilDate(dayNumber: day), local - day * 86_400)
    }

    /// The instant of a local date and time at the given offset.
    public static func instant(_ day: CivilDate, _ seconds: Int, offset: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(day.dayNumber * 86_400 + seconds - offset))
    }

    /// Parses ISO 8601 `yyyy-MM-ddTHH:mm[:ss[.fff]](Z|±HH:mm|±HHmm)`; `nil` otherwise.
    /// A zone is required: a time without one is ambiguous for a deadline.
    public static func parse(_ text: String) -> Date? {
        guard text.utf8.count <= 40 else { return nil }
        let chars = Array(text.utf8)
        guard chars.count >= 17, chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: " "),
              let day = CivilDate(iso: text.prefix(10))
        else { return nil }
        var rest = Substring(text.dropFirst(11))
        guard let zoneStart = rest.firstIndex(where: { $0 == "Z" || $0 == "+" || $0 == "-" }) else { return nil }
        let clock = rest[..<zoneStart]
        rest = rest[zoneStart...]
        let fields = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 2 || fields.count == 3, fields[0].count == 2, fields[1].count == 2,
              let h = Digits.parse(fields[0]), let m = Digits.parse(fields[1]), h < 24, m < 60
        else { return nil }
        var seconds = 0
        if fields.count == 3 {
            let secText = fields[2].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            guard secText[0].count == 2, let s = Digits.parse(secText[0]), s < 60 else { return nil }
            if secText.count == 2, Digits.parse(secText[1].prefix(9)) == nil { return nil }
            seconds = s
        }
        guard let offset = parseOffset(rest) else { return nil }
        return instant(day, h * 3600 + m * 60 + seconds, offset: offset)
    }

    /// Parses `Z`, `±HH:mm` or `±HHmm` into seconds east of UTC.
    public static func parseOffset(_ text: some StringProtocol) -> Int? {
        if text == "Z" { return 0 }
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let body = text.dropFirst().replacingOccurrences(of: ":", with: "")
        guard body.count == 4, let hh = Digits.parse(body.prefix(2)), let mm = Digits.parse(body.suffix(2)),
              hh <= 14, mm < 60
        else { return nil }
        return (sign == "-" ? -1 : 1) * (hh * 3600 + mm * 60)
    }

    /// `±HH:mm` for an offset in seconds.
    public static func offsetText(_ offset: Int) -> String {
        let a = abs(offset)
        return (offset < 0 ? "-" : "+") + Digits.pad(a / 3600, 2) + ":" + Digits.pad(a % 3600 / 60, 2)
    }

    private static func hms(_ t: Int) -> String {
        Digits.pad(t / 3600, 2) + ":" + Digits.pad(t % 3600 / 60, 2) + ":" + Digits.pad(t % 60, 2)
    }
}
