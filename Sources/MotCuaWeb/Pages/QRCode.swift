import CQRencode

/// A QR code of a text, made by libqrencode (Debian's libqrencode-dev), drawn as SVG for
/// the printed forms. libqrencode's types stay in this file.
struct QRCode {
    /// Modules per side.
    let size: Int
    /// Row-major: true where the module is dark.
    let modules: [Bool]

    /// The code of `text` (8-bit mode, error correction M: a printed slip survives a fold);
    /// nil when the text does not fit a QR code.
    init?(_ text: String) {
        guard !text.isEmpty, text.utf8.count <= 1000,
              let code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        size = width
        // Bit 0 of each byte is the module's colour (1 dark); the other bits describe it.
        modules = (0..<(width * width)).map { code.pointee.data[$0] & 1 == 1 }
    }

    func isDark(row: Int, column: Int) -> Bool { modules[row * size + column] }

    /// An SVG of the code with the standard four-module quiet zone, one path of unit squares.
    func svg(pixels: Int = 164, label: String) -> String {
        let side = size + 8
        var path = ""
        path.reserveCapacity(size * size * 4)
        for row in 0..<size {
            for column in 0..<size where isDark(row: row, column: column) {
                path += "M\(column + 4) \(row + 4)h1v1h-1z"
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" width=\"\(pixels)\" height=\"\(pixels)\" "
            + "role=\"img\" aria-label=\"\(Self.escaped(label))\" shape-rendering=\"crispEdges\"><rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/>"
            + "<path d=\"\(path)\" fill=\"#000\"/></svg>"
    }

    static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
