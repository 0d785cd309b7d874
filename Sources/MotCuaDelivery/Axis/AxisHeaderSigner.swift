import Crypto
public import Foundation

/// The national SDK's header authentication: each parameter travels as `XroadVnpt-<name>`,
/// with `systemid` and `timestamp`; `XroadVnpt-sign-header-key` lists the signed names
/// separated by `;`, `XroadVnpt-sign-header` is the JSON object of those names and values
/// (in that order), and `XroadVnpt-hash-header` is the hex HMAC-SHA256 of that JSON keyed with
/// the system's secret. The secret never leaves this value and is never printed.
public struct AxisHeaderSigner: Sendable, CustomStringConvertible {
    /// The system id the axis issued to this agency.
    public let systemId: String
    private let secret: [UInt8]
    /// The prefix of every parameter header.
    public static let prefix = "XroadVnpt-"

    /// A signer for a system id and its secret.
    public init(systemId: String, secret: String) {
        self.systemId = systemId
        self.secret = Array(secret.utf8)
    }

    /// The headers of one call: the parameters in order, then `systemid` and `timestamp`
    /// (milliseconds since 1970), all signed.
    public func headers(_ parameters: [(String, String)], at now: Date) -> [(String, String)] {
        let all = parameters + [("systemid", systemId), ("timestamp", String(Int64(now.timeIntervalSince1970 * 1000)))]
        let json = Self.json(all)
        let mac = HMAC<SHA256>.authenticationCode(for: Data(json.utf8), using: SymmetricKey(data: secret))
        var headers = all.map { (Self.prefix + $0.0, $0.1) }
        headers.append((Self.prefix + "sign-header-key", all.map(\.0).joined(separator: ";")))
        headers.append((Self.prefix + "sign-header", json))
        headers.append((Self.prefix + "hash-header", mac.map { String(format: "%02x", $0) }.joined()))
        return headers
    }

    /// A JSON object of string pairs in the given order, ASCII-only (header values must be).
    static func json(_ pairs: [(String, String)]) -> String {
        func quote(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where scalar.value < 0x20 || scalar.value > 0x7E:
                    for unit in String(scalar).utf16 { out += String(format: "\\u%04x", unit) }
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        return "{" + pairs.map { quote($0.0) + ":" + quote($0.1) }.joined(separator: ",") + "}"
    }

    /// Shows the system id only.
    public var description: String { "AxisHeaderSigner(systemId: \(systemId), secret: •••)" }
}
