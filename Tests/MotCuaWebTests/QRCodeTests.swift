import Foundation
@testable import MotCuaWeb
import Testing

/// The QR code wrapper reads libqrencode's matrix the right way round.
@Suite("QR codes for printed forms")
struct QRCodeTests {
    /// A finder pattern: a 7×7 dark ring, a light ring, a 3×3 dark centre, at (row, column).
    func hasFinder(_ qr: QRCode, row: Int, column: Int) -> Bool {
        for r in 0..<7 {
            for c in 0..<7 {
                let ring = r == 0 || r == 6 || c == 0 || c == 6
                let centre = (2...4).contains(r) && (2...4).contains(c)
                if qr.isDark(row: row + r, column: column + c) != (ring || centre) { return false }
            }
        }
        return true
    }

    @Test("a dossier code gives a square code with finder patterns in three corners, the fourth free, and an SVG of its dark modules")
    func matrix() throws {
        let code = "000.00.01.H22-270301-0001"
        let qr = try #require(QRCode(code))
        // Version v is 17 + 4v modules wide; 25 bytes at level M need version 2 or more.
        #expect(qr.size >= 25 && (qr.size - 17) % 4 == 0)
        #expect(hasFinder(qr, row: 0, column: 0) && hasFinder(qr, row: 0, column: qr.size - 7) && hasFinder(qr, row: qr.size - 7, column: 0))
        #expect(!hasFinder(qr, row: qr.size - 7, column: qr.size - 7))
        // Timing pattern: row 6 alternates dark and light between the finders.
        #expect((8..<(qr.size - 8)).allSatisfy { qr.isDark(row: 6, column: $0) == ($0 % 2 == 0) })
        let svg = qr.svg(label: "Mã \"QR\" <hồ sơ>")
        #expect(svg.components(separatedBy: "h1v1h-1z").count - 1 == qr.modules.filter { $0 }.count)
        #expect(svg.contains("viewBox=\"0 0 \(qr.size + 8) \(qr.size + 8)\"") && svg.contains("aria-label=\"Mã &quot;QR&quot; &lt;hồ sơ&gt;\""))
        // Different texts, different codes; nothing for an empty text.
        #expect(QRCode("000.00.01.H22-270301-0002")?.modules != qr.modules)
        #expect(QRCode("") == nil)
    }
}
