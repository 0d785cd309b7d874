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

    @Test("JSONWriter writes what the JSONValue tree renders, commas and nesting included")
    func writerMatchesTree() {
        for sample in Self.samples {
            let tree = JSONValue.ordered([
                ("s", .string(sample)), ("n", .null), ("o", .ordered([("i", .int(-42)), ("e", .ordered([])), ("a", .array([]))])),
                ("a", .array([.string(sample), .ordered([("b", .bool(false))]), .array([.int(0), .null])])), ("t", .bool(true)),
            ])
            var w = JSONWriter()
            w.beginObject()
            w.field("s", sample)
            w.key("n"); w.null()
            w.key("o"); w.beginObject(); w.field("i", -42); w.key("e"); w.beginObject(); w.endObject()
            w.key("a"); w.beginArray(); w.endArray(); w.endObject()
            w.key("a"); w.beginArray(); w.string(sample); w.beginObject(); w.key("b"); w.bool(false); w.endObject()
            w.beginArray(); w.int(0); w.int(nil); w.endArray(); w.endArray()
            w.key("t"); w.bool(true)
            w.endObject()
            #expect(w.bytes == tree.bytes, "\(sample.debugDescription)")
        }
    }

    @Test("quotedISO writes the quoted iso text, for any instant and offset")
    func quotedISO() {
        var generator = SystemRandomNumberGenerator()
        let offsets = [7 * 3600, 0, -5 * 3600, 5 * 3600 + 45 * 60, -(9 * 3600 + 30 * 60), 14 * 3600]
        var instants: [Double] = [0, -1, 86_399.999, -86_400.5, 253_402_300_799, -62_135_596_800, 1_796_000_000.25]
        for _ in 0..<2000 { instants.append(Double.random(in: -70_000_000_000...300_000_000_000, using: &generator)) }
        for t in instants {
            for offset in offsets {
                let date = Date(timeIntervalSince1970: t)
                var expected: [UInt8] = []
                JSONText.quote(Timestamp.iso(date, offset: offset), into: &expected)
                var bytes: [UInt8] = []
                Timestamp.quotedISO(date, offset: offset, into: &bytes)
                #expect(bytes == expected, "\(t) at \(offset)")
            }
        }
    }
}

