extension Int {
    /// The nearest whole number to `value` (rounded by `rule`), held within ±2^53 and 0 for
    /// NaN: `Int(_: Double)` traps on those, and such values can come from a file or a row.
    public init(saturating value: Double, rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) {
        guard !value.isNaN else {
            self = 0
            return
        }
        let limit = Double(1 << 53)
        self = Int(Swift.min(limit, Swift.max(-limit, value.rounded(rule))))
    }
}
