import Foundation
import MotCuaCore
import MotCuaFuzzChecks
import Testing

/// The strict JSON reader: its three rules, the number that used to trap, and agreement
/// with Foundation on the committed fuzz corpus.
@Suite("Strict JSON reader")
struct StrictJSONTests {
    func parse(_ s: String, _ rules: StrictJSON.Rules = .strict) -> JSONValue? { StrictJSON.parse(Array(s.utf8), rules: rules) }

    @Test("Int.min and every integer extreme: refused or read, never a trap")
    func extremes() {
        for text in ["-9223372036854775808", "9223372036854775807", "-9223372036854775809", "18446744073709551616",
                     "9007199254740992", "-9007199254740992"] {
            #expect(parse(text) == nil, "\(text) is outside ±2^53")
            #expect(parse("{\"n\": \(text)}") == nil)
        }
        #expect(parse("9007199254740991") == .int(9_007_199_254_740_991))
        #expect(parse("-9007199254740991") == .int(-9_007_199_254_740_991))
        #expect(parse("-9223372036854775808", .grammarOnly) == .int(Int.min), "the grammar alone reads it")
        #expect(parse("1e400") == nil && parse("1e300") == .double(1e300))
    }

    @Test("each rule refuses, and the grammar alone accepts")
    func rules() {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        for text in [#"{"a": 1, "a": 2}"#, deep, "123456789012345678901234567890"] {
            #expect(parse(text) == nil, "\(text.prefix(30))")
            #expect(parse(text, .grammarOnly) != nil, "\(text.prefix(30))")
        }
        #expect(parse(String(repeating: "[", count: 64) + String(repeating: "]", count: 64)) != nil)
        for text in ["[1,]", "\u{FEFF}{}", #""\ud800""#, "{\"a\":1}x", "01", "NaN"] {
            #expect(parse(text) == nil && parse(text, .grammarOnly) == nil, "not JSON: \(text)")
        }
    }

    @Test("agrees with JSONSerialization on the committed corpus and on crafted disagreements")
    func differential() {
        #expect(JSONDifferential.check(Array(#"{"a": [1, 2.5, "x", null, true]}"#.utf8)) == nil)
        #expect(JSONDifferential.check(Array("[1,]".utf8)) == nil, "Foundation's trailing comma is its leniency")
        #expect(JSONDifferential.check(Array(#"{"a":1,"a":2}"#.utf8)) == nil, "duplicate keys: our rule")
        // Strings cut into runs at escapes, around multi-byte characters and combining marks.
        for text in [#"["Nguy\u1ec5n \"A\" L\u00ea L\u1ee3i"]"#, #"["e\u0301\u0301x"]"#, #"["\n\t\\/\/"]"#,
                     #"["🇻🇳\ud83c\uddfb\ud83c\uddf3đ"]"#, #"["Đơn\\đề\"nghị"]"#, #"["\ud800"]"#, #"["\udc00x"]"#] {
            #expect(JSONDifferential.check(Array(text.utf8)) == nil, "\(text)")
        }
        #expect(StrictJSON.parse(Array(#""a\u0301\u00e9b""#.utf8)) == .string("a\u{301}\u{e9}b"))
        let corpus = FuzzDriver.replay([Repository.path("Tests/Fuzz/json")], check: JSONDifferential.check)
        #expect(corpus.inputs >= 30 && corpus.failures == 0)
    }
}
