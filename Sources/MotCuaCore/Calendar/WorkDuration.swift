/// A length of working time: working days (possibly fractional) plus working seconds.
///
/// Written in definitions as `6d`, `0.5d`, `4h`, `30m`, `1d4h`, or ISO 8601 durations
/// (`P3D`, `PT2H`, `P1DT4H`), as BPMN timers use.
public struct WorkDuration: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Working days.
    public var days: Double
    /// Working seconds on top of the days.
    public var seconds: Int

    /// A duration.
    public init(days: Double = 0, seconds: Int = 0) {
        self.days = days
        self.seconds = seconds
    }

    /// The length in working days, given the length of a standard day.
    public func inDays(standardDaySeconds: Int) -> Double {
        days + (standardDaySeconds > 0 ? Double(seconds) / Double(standardDaySeconds) : 0)
    }

    /// Parses the definition syntax; `nil` when it is not one of the accepted forms.
    public init?(_ text: String) {
        let t = text.trimmingSpaces
        guard !t.isEmpty, t.utf8.count <= 40 else { return nil }
        if t.first == "P" {
            guard let parsed = Self.parseISO(t) else { return nil }
            self = parsed
        } else {
            guard let parsed = Self.parseShort(t) else { return nil }
            self = parsed
        }
    }

    /// `6d`, `0.5d`, `4h`, `1d4h`, `30m`.
    private static func parseShort(_ t: String) -> WorkDuration? {
        var result = WorkDuration()
        var number = ""
        var sawUnit = false
        for ch in t {
            if ch.isASCII && (ch.isNumber || ch == ".") {
                number.append(ch)
                continue
            }
            guard let value = Double(number), value >= 0, value <= 10_000 else { return nil }
            switch ch {
            case "d": result.days += value
            case "h": result.seconds += Int((value * 3600).rounded())
            case "m": result.seconds += Int((value * 60).rounded())
            default: return nil
            }
            number = ""
            sawUnit = true
        }
        return number.isEmpty && sawUnit ? result : nil
    }

    /// `P3D`, `PT2H`, `P1DT4H30M`, `PT90M`; weeks, months and years are not working time.
    private static func parseISO(_ t: String) -> WorkDuration? {
        var result = WorkDuration()
        var inTime = false
        var number = ""
        var sawValue = false
        for ch in t.dropFirst() {
            if ch == "T" {
                guard !inTime, number.isEmpty else { return nil }
                inTime = true
                continue
            }
            if ch.isASCII && (ch.isNumber || ch == ".") {
                number.append(ch)
                continue
            }
            guard let value = Double(number), value >= 0, value <= 10_000 else { return nil }
            switch (inTime, ch) {
            case (false, "D"): result.days += value
            case (true, "H"): result.seconds += Int((value * 3600).rounded())
            case (true, "M"): result.seconds += Int((value * 60).rounded())
            case (true, "S"): result.seconds += Int(value.rounded())
            default: return nil
            }
            number = ""
            sawValue = true
        }
        return number.isEmpty && sawValue ? result : nil
    }

    /// `1.5d`, `4h`, `1d2h30m`.
    public var description: String {
        var parts: [String] = []
        if days > 0 { parts.append(days == days.rounded() ? "\(Int(days))d" : "\(days)d") }
        if seconds >= 3600 { parts.append("\(seconds / 3600)h") }
        if seconds % 3600 >= 60 { parts.append("\(seconds % 3600 / 60)m") }
        return parts.isEmpty ? "0d" : parts.joined()
    }
}

extension String {
    /// The string without leading and trailing whitespace.
    var trimmingSpaces: String {
        // Most values have nothing to trim: no copy then.
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        if first == startIndex && index(after: last) == endIndex { return self }
        return String(self[first...last])
    }
}
