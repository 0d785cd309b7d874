public import Foundation

/// A complete e-mail (RFC 5322 + MIME): UTF-8 text and HTML alternatives, the subject as
/// RFC 2047 encoded words when it is not ASCII, a `Message-ID` stable per message (the
/// outbox id), so a resent mail is recognisably the same one. Pure: it only builds bytes.
public struct MailMessage: Sendable, Hashable {
    public var from: String
    public var to: [String]
    public var subject: String
    public var text: String
    public var html: String
    /// Message-ID without the angle brackets.
    public var messageID: String
    public var date: Date

    public init(from: String, to: [String], subject: String, text: String, html: String, messageID: String, date: Date) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.messageID = messageID
        self.date = date
    }

    /// The message as sent: CRLF line ends, base64 bodies (so no line needs dot-stuffing
    /// or length care beyond what libcurl does).
    public func rendered() -> String {
        let boundary = "=_motcua_" + String(messageID.unicodeScalars.reduce(UInt64(1469598103934665603)) { ($0 ^ UInt64($1.value)) &* 1099511628211 }, radix: 36)
        var lines = [
            "From: \(from)",
            "To: \(to.joined(separator: ", "))",
            "Subject: \(Self.encodedWords(subject))",
            "Date: \(Self.rfc5322(date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
            "--\(boundary)",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "",
        ]
        lines += Self.base64Lines(text)
        lines += ["--\(boundary)", "Content-Type: text/html; charset=UTF-8", "Content-Transfer-Encoding: base64", ""]
        lines += Self.base64Lines(html)
        lines += ["--\(boundary)--", ""]
        return lines.joined(separator: "\r\n")
    }

    /// RFC 2047 `=?UTF-8?B?…?=` words of at most 75 characters, split on character boundaries.
    public static func encodedWords(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0 != "=" && $0 != "?" }) { return text }
        var words: [String] = []
        var chunk = ""
        for ch in text {
            let candidate = chunk + String(ch)
            // 45 bytes encode to 60 base64 characters: with "=?UTF-8?B?" and "?=", 72 ≤ 75.
            if candidate.utf8.count > 45 {
                words.append(chunk)
                chunk = String(ch)
            } else {
                chunk = candidate
            }
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }

    static func base64Lines(_ text: String) -> [String] {
        let encoded = Data(text.utf8).base64EncodedString()
        return stride(from: 0, to: encoded.count, by: 76).map { i in
            let start = encoded.index(encoded.startIndex, offsetBy: i)
            let end = encoded.index(start, offsetBy: min(76, encoded.count - i))
            return String(encoded[start..<end])
        }
    }

    static func rfc5322(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return f.string(from: date)
    }
}
