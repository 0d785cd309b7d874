import Foundation
import Hummingbird

/// An `application/x-www-form-urlencoded` body as name → value (the first of repeated
/// names), read up to a limit.
struct FormBody {
    let fields: [String: String]

    subscript(_ name: String) -> String? { fields[name] }

    /// Why a form body was not read.
    enum Failure: Error { case tooLarge, notAForm }

    static func read(_ request: Request, limit: Int = 64 * 1024) async throws -> FormBody {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else { throw Failure.notAForm }
        var buffer = ByteBuffer()
        for try await part in request.body {
            guard buffer.readableBytes + part.readableBytes <= limit else { throw Failure.tooLarge }
            var part = part
            buffer.writeBuffer(&part)
        }
        return FormBody(fields: parse(String(buffer: buffer)))
    }

    static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), fields[name] == nil else { continue }
            fields[name] = parts.count > 1 ? decode(parts[1]) ?? "" : ""
        }
        return fields
    }

    private static func decode(_ s: Substring) -> String? {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
