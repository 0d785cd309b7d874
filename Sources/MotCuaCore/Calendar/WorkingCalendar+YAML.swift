extension WorkingCalendar {
    /// Reads `config/calendar.yaml` text. Returns the calendar, or `nil` with every problem
    /// found (file, line, element, hint) when it has errors.
    public static func decode(yaml text: String, file: String) -> (calendar: WorkingCalendar?, problems: [Problem]) {
        var d = Diagnostics(file: file)
        guard let root = YAMLNode.parse(text, diagnostics: &d),
              let top = root.mapping(&d, allowed: ["timeZone", "utcOffset", "workingHours", "makeUpHours", "holidays", "years"])
        else { return (nil, d.problems) }

        var zone = "Asia/Ho_Chi_Minh"
        var offset = 7 * 3600
        var week = WorkingCalendar.defaultWeek
        var makeUp: [WorkingPeriod]?
        var rules = HolidayRules.vietnam
        for (key, value) in top {
            switch key {
            case "timeZone": zone = value.string(&d) ?? zone
            case "utcOffset":
                if let text = value.string(&d) {
                    if let o = Timestamp.parseOffset(text) { offset = o } else {
                        d.error("bad_offset", line: value.line, value.path, "'\(text)' is not a UTC offset",
                                hint: "write it as +07:00")
                    }
                }
            case "workingHours": week = decodeWeek(value, &d) ?? week
            case "makeUpHours": makeUp = decodePeriods(value, &d)
            case "holidays": decodeHolidays(value, into: &rules, &d)
            case "years": decodeYears(value, into: &rules, &d)
            default: break
            }
        }
        if zone == "Asia/Ho_Chi_Minh" && offset != 7 * 3600 {
            d.error("bad_offset", line: nil, "utcOffset", "Asia/Ho_Chi_Minh is UTC+07:00", hint: "remove utcOffset or set +07:00")
        }
        if week.values.allSatisfy(\.isEmpty) {
            d.error("no_working_time", line: nil, "workingHours", "no weekday has working hours",
                    hint: "list the periods of at least Monday to Friday, e.g. [07:30-11:30, 13:30-17:00]")
        }
        guard !d.hasErrors else { return (nil, d.problems) }
        return (WorkingCalendar(timeZoneName: zone, utcOffset: offset, weekHours: week, makeUpHours: makeUp, rules: rules),
                d.problems)
    }

    private static func decodeWeek(_ node: YAMLNode, _ d: inout Diagnostics) -> [Weekday: [WorkingPeriod]]? {
        guard let entries = node.mapping(&d, allowed: Weekday.allCases.map(\.rawValue)) else { return nil }
        var week: [Weekday: [WorkingPeriod]] = [:]
        for (key, value) in entries {
            guard let day = Weekday(rawValue: key) else { continue }
            week[day] = decodePeriods(value, &d) ?? []
        }
        return week
    }

    private static func decodePeriods(_ node: YAMLNode, _ d: inout Diagnostics) -> [WorkingPeriod]? {
        guard let items = node.sequence(&d) else { return nil }
        var result: [WorkingPeriod] = []
        for item in items {
            guard let text = item.string(&d) else { continue }
            guard let period = WorkingPeriod(text) else {
                d.error("bad_period", line: item.line, item.path, "'\(text)' is not a working period",
                        hint: "write HH:mm-HH:mm with the start before the end, e.g. 07:30-11:30")
                continue
            }
            if let last = result.last, period.start < last.end {
                d.error("overlapping_periods", line: item.line, item.path,
                        "\(period) overlaps or comes before \(last)", hint: "list periods in order, without overlap")
                continue
            }
            result.append(period)
        }
        return result
    }

    private static func decodeHolidays(_ node: YAMLNode, into rules: inout HolidayRules, _ d: inout Diagnostics) {
        guard let entries = node.mapping(&d, allowed: ["fixed", "lunar", "substituteWeekendHolidays"]) else { return }
        for (key, value) in entries {
            switch key {
            case "substituteWeekendHolidays": rules.substituteWeekendHolidays = value.bool(&d) ?? true
            case "fixed": rules.fixed = (value.sequence(&d) ?? []).compactMap { decodeFixed($0, &d) }
            case "lunar": rules.lunar = (value.sequence(&d) ?? []).compactMap { decodeLunar($0, &d) }
            default: break
            }
        }
    }

    private static func monthDay(_ node: YAMLNode, _ d: inout Diagnostics) -> (Int, Int)? {
        guard let text = node.string(&d) else { return nil }
        let parts = text.split(separator: "-")
        guard parts.count == 2, let m = Digits.parse(parts[0]), let day = Digits.parse(parts[1]),
              (1...12).contains(m), (1...31).contains(day)
        else {
            d.error("bad_date", line: node.line, node.path, "'\(text)' is not a month-day", hint: "write MM-DD, e.g. \"09-02\"")
            return nil
        }
        return (m, day)
    }

    private static func decodeFixed(_ node: YAMLNode, _ d: inout Diagnostics) -> HolidayRules.Fixed? {
        guard let entries = node.mapping(&d, allowed: ["date", "name", "days", "since", "until", "adjacentDay"]) else { return nil }
        var rule = HolidayRules.Fixed(month: 0, day: 0, name: "")
        for (key, value) in entries {
            switch key {
            case "date": if let (m, day) = monthDay(value, &d) { rule.month = m; rule.day = day }
            case "name": rule.name = value.string(&d) ?? ""
            case "days": rule.days = positive(value, &d) ?? 1
            case "since": rule.since = value.int(&d)
            case "until": rule.until = value.int(&d)
            case "adjacentDay": rule.adjacentDay = value.bool(&d) ?? false
            default: break
            }
        }
        return required(rule.month > 0 && !rule.name.isEmpty, node, &d) ? rule : nil
    }

    private static func decodeLunar(_ node: YAMLNode, _ d: inout Diagnostics) -> HolidayRules.Lunar? {
        guard let entries = node.mapping(&d, allowed: ["date", "name", "days", "startOffset", "since"]) else { return nil }
        var rule = HolidayRules.Lunar(month: 0, day: 0, name: "")
        for (key, value) in entries {
            switch key {
            case "date": if let (m, day) = monthDay(value, &d) { rule.month = m; rule.day = min(day, 30) }
            case "name": rule.name = value.string(&d) ?? ""
            case "days": rule.days = positive(value, &d) ?? 1
            case "startOffset": rule.startOffset = value.int(&d) ?? 0
            case "since": rule.since = value.int(&d)
            default: break
            }
        }
        return required(rule.month > 0 && !rule.name.isEmpty, node, &d) ? rule : nil
    }

    private static func positive(_ node: YAMLNode, _ d: inout Diagnostics) -> Int? {
        guard let n = node.int(&d) else { return nil }
        guard (1...30).contains(n) else {
            d.error("out_of_range", line: node.line, node.path, "\(n) is not between 1 and 30")
            return nil
        }
        return n
    }

    private static func required(_ ok: Bool, _ node: YAMLNode, _ d: inout Diagnostics) -> Bool {
        if !ok {
            d.error("missing_field", line: node.line, node.path, "a holiday needs both 'date' and 'name'")
        }
        return ok
    }

    private static func decodeYears(_ node: YAMLNode, into rules: inout HolidayRules, _ d: inout Diagnostics) {
        guard let years = node.mapping(&d) else { return }
        for (yearText, value) in years {
            guard let year = Digits.parse(yearText), (1900...2200).contains(year) else {
                d.error("bad_year", line: value.line, value.path, "'\(yearText)' is not a year", hint: "use a 4-digit year such as 2027")
                continue
            }
            guard let entries = value.mapping(&d, allowed: ["daysOff", "workingDays"]) else { continue }
            for (key, list) in entries {
                let days = (list.sequence(&d) ?? []).compactMap { decodeDay($0, year: year, &d) }
                if key == "daysOff" { rules.extraDaysOff += days } else { rules.workingDays += days }
            }
        }
    }

    private static func decodeDay(_ node: YAMLNode, year: Int, _ d: inout Diagnostics) -> HolidayRules.Day? {
        guard let entries = node.mapping(&d, allowed: ["date", "name"]) else { return nil }
        var date: CivilDate?
        var name = ""
        for (key, value) in entries {
            if key == "name" { name = value.string(&d) ?? "" }
            if key == "date", let text = value.string(&d) {
                date = CivilDate(iso: text)
                if date == nil {
                    d.error("bad_date", line: value.line, value.path, "'\(text)' is not a date", hint: "write YYYY-MM-DD")
                } else if date!.year != year {
                    d.error("wrong_year", line: value.line, value.path, "\(text) is not in \(year)",
                            hint: "move it under the year it belongs to")
                    date = nil
                }
            }
        }
        guard let date else { return nil }
        return HolidayRules.Day(date: date, name: name.isEmpty ? "Theo thông báo" : name)
    }
}
