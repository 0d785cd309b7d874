@testable import MotCuaCore
import Testing

@Suite("Trimming spaces")
struct TrimmingTests {
    @Test("leading and trailing whitespace of every kind goes, inner spaces stay")
    func trims() {
        let cases: [(String, String)] = [
            ("", ""), ("   ", ""), ("a", "a"), (" a", "a"), ("a ", "a"), ("  Nguyễn  Văn A \n", "Nguyễn  Văn A"),
            ("\u{00A0}\u{2003}Đ\u{3000}", "Đ"), ("\t\r\n", ""), ("e\u{301} ", "e\u{301}"), (" 🇻🇳 ", "🇻🇳"),
        ]
        for (input, expected) in cases {
            #expect(input.trimmingSpaces == expected, "\(input.debugDescription)")
        }
    }
}
