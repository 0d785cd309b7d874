import Foundation
import MotCuaCore
import Testing

@Suite("JSON text: the byte writer and the string writer agree")
struct JSONTextTests {
    static let samples = [
        "", "plain", "Nguyễn Thị Mai", "Sở Khoa học và Công nghệ", "a\"b", "back\\slash", "<script>", "tab\there", "line\nbreak\r",
        "\u{0}\u{1}\u{1f}\u{7f}", "emoji 🇻🇳 e\u{301}", "\"<\\>\"", String(repeating: "đ", count: 300),
    ]

    @Test("every sample: same bytes, and Foundation reads back the same string")
    func agree() throws {
        for s in Self.samples {
            var text = ""
            JSONText.quote(s, into: &text)
            var bytes: [UInt8] = []
            JSONText.quote(s, into: &bytes)
            #expect(Array(text.utf8) == bytes, "\(s.debugDescription)")
            let back = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) as? String
            #expect(back == s, "\(s.debugDescription)")
            #expect(!bytes.contains(UInt8(ascii: "<")), "'<' is escaped for HTML")
        }
    }

    @Test("a whole value: bytes, text and data are the same document")
    func value() {
        let v = JSONValue.ordered([("a", .string("x<y")), ("b", .array([.int(-3), .double(1.5), .null, .bool(true)])),
                                   ("c", .object(["z": .string("\n"), "y": .string("Đ")]))])
        #expect(v.text == #"{"a":"x\u003cy","b":[-3,1.5,null,true],"c":{"y":"Đ","z":"\n"}}"#)
        #expect(Array(v.text.utf8) == v.bytes && Data(v.bytes) == v.data)
    }
}
