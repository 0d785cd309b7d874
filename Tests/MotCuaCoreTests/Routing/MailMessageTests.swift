import Foundation
import MotCuaCore
import Testing

@Suite("E-mail messages")
struct MailMessageTests {
    @Test("non-ASCII subjects become RFC 2047 words of at most 75 characters that decode back")
    func encodedWords() throws {
        let subject = "Yêu cầu bổ sung, hoàn thiện hồ sơ 000.00.01.H22-270301-0001 — Cấp và cấp lại chứng chỉ nhân viên bức xạ"
        let encoded = MailMessage.encodedWords(subject)
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        var decoded = ""
        for w in words {
            #expect(w.count <= 75)
            #expect(w.hasPrefix("=?UTF-8?B?") && w.hasSuffix("?="))
            let data = try #require(Data(base64Encoded: String(w.dropFirst(10).dropLast(2))))
            decoded += try #require(String(data: data, encoding: .utf8))  // each word is whole UTF-8
        }
        #expect(decoded == subject)
        #expect(MailMessage.encodedWords("Plain subject 123") == "Plain subject 123")
    }

    @Test("the rendered message is 7-bit, CRLF, base64 bodies in lines of 76, with the stable Message-ID")
    func rendered() throws {
        let m = MailMessage(from: "motcua@example.vn", to: ["a@example.vn"], subject: "Tiếp nhận hồ sơ X",
                            text: String(repeating: "Kính gửi Ông/Bà. ", count: 40), html: "<p>Hồ sơ</p>",
                            messageID: "X.1.receipt-mail@motcua", date: Date(timeIntervalSince1970: 1_800_000_000))
        let text = m.rendered()
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(text.contains("Message-ID: <X.1.receipt-mail@motcua>\r\n"))
        #expect(text.contains("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.count <= 998 })
        let bodyLines = text.components(separatedBy: "\r\n").filter { $0.count == 76 }
        #expect(!bodyLines.isEmpty)
        #expect(m.rendered() == text, "rendering is deterministic: a retry sends the same bytes")
    }
}
