import Crypto
import Foundation

/// Signs portal pushes the Standard Webhooks way: `webhook-signature: v1,<base64>` of
/// HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the bytes the
/// `whsec_<base64>` secret encodes. The secret itself is never printed.
public struct WebhookSigner: Sendable, CustomStringConvertible {
    private let keyBytes: [UInt8]

    /// A signer for a `whsec_…` secret; `nil` if it is not one (the reason never quotes it).
    public init?(secret: String) {
        guard secret.hasPrefix("whsec_"), let bytes = Data(base64Encoded: String(secret.dropFirst(6))), bytes.count >= 16 else {
            return nil
        }
        keyBytes = [UInt8](bytes)
    }

    /// The `webhook-signature` header value.
    public func signature(id: String, timestamp: Int, body: [UInt8]) -> String {
        var message = Data("\(id).\(timestamp).".utf8)
        message.append(contentsOf: body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: keyBytes))
        return "v1," + Data(mac).base64EncodedString()
    }

    /// Redacted: a signer prints no key material.
    public var description: String { "WebhookSigner(redacted)" }
}
