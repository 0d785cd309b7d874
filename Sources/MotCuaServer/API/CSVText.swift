/// CSV as the registers and the log book are downloaded: RFC 4180, CRLF line ends, a UTF-8
/// byte-order mark (spreadsheets then read the diacritics right), and a cell a spreadsheet
/// would run as a formula written with a leading apostrophe.
public enum CSVText {
    /// One cell, quoted when it must be.
    public static func cell(_ text: String) -> String {
        var t = text
        if let first = t.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { t = "'" + t }
        return t.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : t
    }

    /// The whole file: the headings, then the rows.
    public static func document(headings: [String], rows: [[String]]) -> String {
        "\u{FEFF}" + ([headings] + rows).map { $0.map(cell).joined(separator: ",") + "\r\n" }.joined()
    }
}
