/// "Did you mean …?" for misspelt names: the closest candidate by edit distance.
enum Suggestion {
    /// The candidate closest to `word`, if it is close enough to be a plausible typo.
    static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(Array(word.lowercased().unicodeScalars), Array(candidate.lowercased().unicodeScalars))
            if d <= max(2, min(3, candidate.count / 3)), d < candidate.count, best == nil || d < best!.1 { best = (candidate, d) }
        }
        return best?.0
    }

    /// A hint naming the closest candidate, or listing the candidates when none is close.
    static func hint(for word: String, among candidates: [String], noun: String) -> String {
        if let close = closest(to: word, in: candidates) { return "did you mean '\(close)'?" }
        let list = candidates.sorted().prefix(20).joined(separator: ", ")
        return candidates.isEmpty ? "no \(noun) is defined" : "known \(noun)s: \(list)"
    }

    private static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
