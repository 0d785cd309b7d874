import MotCuaCore

/// Received vs finished per week as an SVG bar chart drawn on the server (no script, no
/// other host): two bars a week, a labelled axis, and a title and description for readers
/// who cannot see it.
enum WeekChart {
    static func svg(_ weeks: [ServiceReport.Week]) -> String {
        let (width, height, left, bottom, top) = (760.0, 260.0, 44.0, 40.0, 16.0)
        let peak = max(weeks.map { max($0.received, $0.finished) }.max() ?? 0, 1)
        let scaleTop = niceCeiling(peak)
        let plot = height - bottom - top
        let slot = (width - left - 8) / Double(max(weeks.count, 1))
        let bar = max(2, min(18, slot * 0.35))
        func y(_ value: Int) -> Double { top + plot - plot * Double(value) / Double(scaleTop) }
        func n(_ v: Double) -> String { String(format: "%.1f", v) }
        let total = (weeks.reduce(0) { $0 + $1.received }, weeks.reduce(0) { $0 + $1.finished })
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="chart-title chart-desc" class="chart">
        <title id="chart-title">Hồ sơ tiếp nhận và hồ sơ giải quyết xong theo tuần</title>
        <desc id="chart-desc">\(weeks.count) tuần; tổng tiếp nhận \(total.0), tổng giải quyết xong \(total.1).</desc>

        """
        for step in 0...4 {
            let value = scaleTop * step / 4
            out += "<line x1=\"\(n(left))\" x2=\"\(n(width - 4))\" y1=\"\(n(y(value)))\" y2=\"\(n(y(value)))\" class=\"grid\"/>"
            out += "<text x=\"\(n(left - 6))\" y=\"\(n(y(value) + 4))\" text-anchor=\"end\">\(value)</text>\n"
        }
        let labelEvery = max(1, weeks.count / 12)
        for (i, w) in weeks.enumerated() {
            let x = left + slot * Double(i) + slot / 2
            out += "<rect x=\"\(n(x - bar))\" y=\"\(n(y(w.received)))\" width=\"\(n(bar))\" height=\"\(n(top + plot - y(w.received)))\" class=\"received\">"
                + "<title>Tuần từ \(LocalTime.day(w.monday)): tiếp nhận \(w.received)</title></rect>"
            out += "<rect x=\"\(n(x))\" y=\"\(n(y(w.finished)))\" width=\"\(n(bar))\" height=\"\(n(top + plot - y(w.finished)))\" class=\"finished\">"
                + "<title>Tuần từ \(LocalTime.day(w.monday)): giải quyết xong \(w.finished)</title></rect>\n"
            if i % labelEvery == 0 {
                let c = w.monday.components
                out += "<text x=\"\(n(x))\" y=\"\(n(height - bottom + 16))\" text-anchor=\"middle\">\(Digits.pad(c.day, 2))/\(Digits.pad(c.month, 2))</text>\n"
            }
        }
        out += "<rect x=\"\(n(left))\" y=\"\(n(height - 14))\" width=\"10\" height=\"10\" class=\"received\"/>"
            + "<text x=\"\(n(left + 14))\" y=\"\(n(height - 5))\">Tiếp nhận</text>"
            + "<rect x=\"\(n(left + 100))\" y=\"\(n(height - 14))\" width=\"10\" height=\"10\" class=\"finished\"/>"
            + "<text x=\"\(n(left + 114))\" y=\"\(n(height - 5))\">Giải quyết xong</text>\n</svg>"
        return out
    }

    /// 1, 2, 5 × 10ⁿ at or above `value` (and a multiple of 4 steps' worth when small).
    static func niceCeiling(_ value: Int) -> Int {
        var magnitude = 1
        while magnitude * 10 <= value { magnitude *= 10 }
        for m in [1, 2, 4, 5, 8, 10] where m * magnitude >= value { return max(4, m * magnitude) }
        return max(4, 10 * magnitude)
    }
}
