import Foundation

/// The Vietnamese lunisolar calendar, computed astronomically.
///
/// Months start on the day (in the calendar's time zone) of the astronomical new moon;
/// the 11th month holds the winter solstice; a year with 13 months repeats the first
/// month that contains no major solar term. Computed for UTC+7, which is why Vietnamese
/// dates differ from Chinese ones (UTC+8) in some years, e.g. Tết 2030 is 2 February here.
///
/// The algorithm and its astronomical series follow Hồ Ngọc Đức's published method
/// ("Thuật toán tính âm lịch"), itself after Jean Meeus, *Astronomical Algorithms*.
public struct LunarCalendar: Sendable {
    /// Hours east of UTC used to decide on which day a new moon falls.
    public let timeZoneHours: Double

    /// A calendar for a time zone (7 for Vietnam).
    public init(timeZoneHours: Double = 7) { self.timeZoneHours = timeZoneHours }

    /// The solar date of a lunar date, or `nil` if that lunar date does not exist
    /// (a leap month in a year without it, day 30 of a 29-day month).
    public func solarDate(of lunar: LunarDate) -> CivilDate? {
        let (a11, b11): (Int, Int) = lunar.month < 11
            ? (month11(lunar.year - 1), month11(lunar.year))
            : (month11(lunar.year), month11(lunar.year + 1))
        let k = Self.floor(0.5 + (Double(a11) - 2_415_021.076998695) / 29.530588853)
        var off = lunar.month - 11
        if off < 0 { off += 12 }
        if b11 - a11 > 365 {
            let leapOff = leapMonthOffset(a11)
            var leapMonth = leapOff - 2
            if leapMonth < 0 { leapMonth += 12 }
            if lunar.isLeapMonth && lunar.month != leapMonth { return nil }
            if lunar.isLeapMonth || off >= leapOff { off += 1 }
        } else if lunar.isLeapMonth {
            return nil
        }
        let monthStart = newMoonDay(k + off)
        let nextMonthStart = newMoonDay(k + off + 1)
        guard lunar.day >= 1, monthStart + lunar.day - 1 < nextMonthStart else { return nil }
        return CivilDate(dayNumber: monthStart + lunar.day - 1 - Self.unixEpochJD)
    }

    /// The lunar date of a solar date.
    public func lunarDate(of date: CivilDate) -> LunarDate {
        let jd = date.dayNumber + Self.unixEpochJD
        let year = date.year
        let k = Self.floor((Double(jd) - 2_415_021.076998695) / 29.530588853)
        var monthStart = newMoonDay(k + 1)
        if monthStart > jd { monthStart = newMoonDay(k) }
        var a11 = month11(year)
        var b11 = a11
        var lunarYear: Int
        if a11 >= monthStart {
            lunarYear = year
            a11 = month11(year - 1)
        } else {
            lunarYear = year + 1
            b11 = month11(year + 1)
        }
        let day = jd - monthStart + 1
        let diff = Self.floor(Double(monthStart - a11) / 29)
        var isLeap = false
        var month = diff + 11
        if b11 - a11 > 365 {
            let leapDiff = leapMonthOffset(a11)
            if diff >= leapDiff {
                month = diff + 10
                if diff == leapDiff { isLeap = true }
            }
        }
        if month > 12 { month -= 12 }
        if month >= 11 && diff < 4 { lunarYear -= 1 }
        return LunarDate(day: day, month: month, year: lunarYear, isLeapMonth: isLeap)
    }

    /// The lunar new year (Tết Nguyên đán, 1/1) of a year.
    public func newYear(_ year: Int) -> CivilDate {
        // 1/1 always exists.
        solarDate(of: LunarDate(day: 1, month: 1, year: year))!
    }

    // MARK: - Astronomy

    /// Julian day number of 1970-01-01.
    static let unixEpochJD = 2_440_588

    private static func floor(_ x: Double) -> Int { Int(x.rounded(.down)) }

    /// Julian day number of the day (in this zone) of the k-th new moon since 1900-01-01.
    func newMoonDay(_ k: Int) -> Int { Self.floor(Self.newMoon(k) + 0.5 + timeZoneHours / 24) }

    /// Sun longitude sector (0–11, 30° each) at the start of a day in this zone.
    func sunLongitudeSector(_ jd: Int) -> Int {
        Self.floor(Self.sunLongitude(Double(jd) - 0.5 - timeZoneHours / 24) / Double.pi * 6)
    }

    /// Julian day number of the start of lunar month 11 (the month with the winter solstice)
    /// of a Gregorian year.
    func month11(_ year: Int) -> Int {
        let off = CivilDate(year: year, month: 12, day: 31)!.dayNumber + Self.unixEpochJD - 2_415_021
        let k = Self.floor(Double(off) / 29.530588853)
        let nm = newMoonDay(k)
        return sunLongitudeSector(nm) >= 9 ? newMoonDay(k - 1) : nm
    }

    /// Index (after month 11) of the leap month in a 13-month year starting at `a11`.
    func leapMonthOffset(_ a11: Int) -> Int {
        let k = Self.floor((Double(a11) - 2_415_021.076998695) / 29.530588853 + 0.5)
        var i = 1
        var arc = sunLongitudeSector(newMoonDay(k + i))
        var last: Int
        repeat {
            last = arc
            i += 1
            arc = sunLongitudeSector(newMoonDay(k + i))
        } while arc != last && i < 14
        return i - 1
    }

    /// Julian date (UTC) of the k-th new moon after the one of 1900-01-01 (Meeus, ch. 49).
    static func newMoon(_ k: Int) -> Double {
        let kk = Double(k)
        let t = kk / 1236.85
        let t2 = t * t, t3 = t2 * t
        let dr = Double.pi / 180
        var jd1 = 2_415_020.75933 + 29.53058868 * kk + 0.0001178 * t2 - 0.000000155 * t3
        jd1 += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
        let m = 359.2242 + 29.10535608 * kk - 0.0000333 * t2 - 0.00000347 * t3
        let mpr = 306.0253 + 385.81691806 * kk + 0.0107306 * t2 + 0.00001236 * t3
        let f = 21.2964 + 390.67050646 * kk - 0.0016528 * t2 - 0.00000239 * t3
        var c1 = (0.1734 - 0.000393 * t) * sin(m * dr) + 0.0021 * sin(2 * dr * m)
        c1 -= 0.4068 * sin(mpr * dr) - 0.0161 * sin(dr * 2 * mpr)
        c1 -= 0.0004 * sin(dr * 3 * mpr)
        c1 += 0.0104 * sin(dr * 2 * f) - 0.0051 * sin(dr * (m + mpr))
        c1 -= 0.0074 * sin(dr * (m - mpr)) - 0.0004 * sin(dr * (2 * f + m))
        c1 -= 0.0004 * sin(dr * (2 * f - m)) + 0.0006 * sin(dr * (2 * f + mpr))
        c1 += 0.0010 * sin(dr * (2 * f - mpr)) + 0.0005 * sin(dr * (2 * mpr + m))
        let deltaT = t < -11
            ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
            : -0.000278 + 0.000265 * t + 0.000262 * t2
        return jd1 + c1 - deltaT
    }

    /// Apparent sun longitude in radians (0 ..< 2π) at a Julian date (Meeus, ch. 25).
    static func sunLongitude(_ jdn: Double) -> Double {
        let t = (jdn - 2_451_545.0) / 36525
        let t2 = t * t
        let dr = Double.pi / 180
        let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
        let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
        var dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(dr * m)
        dl += (0.019993 - 0.000101 * t) * sin(dr * 2 * m) + 0.000290 * sin(dr * 3 * m)
        var l = (l0 + dl) * dr
        l -= Double.pi * 2 * Double(floor(l / (Double.pi * 2)))
        return l
    }
}
