import Crypto
public import Foundation

/// The installation's Ed25519 signing key for audit checkpoints. It lives in a file
/// outside the database (its path in the configuration), created on first use readable by
/// its owner only. (Unchecked: the key is immutable once made.)
public struct AuditKey: @unchecked Sendable {
    private let key: Curve25519.Signing.PrivateKey

    /// Why a key could not be had.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Loads the key at `path`, creating it (mode 0600, its folder 0700) when `create` and
    /// it does not exist.
    public static func load(path: String, create: Bool) throws -> AuditKey {
        let fm = FileManager.default
        if !fm.fileExists(atPath: path) {
            guard create else {
                throw Failure(description: "\(path): no audit key; it is created by `motcua audit checkpoint` or the server (audit.keyFile)")
            }
            let key = Curve25519.Signing.PrivateKey()
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) }
            let text = Data((key.rawRepresentation.base64EncodedString() + "\n").utf8)
            guard fm.createFile(atPath: path, contents: text, attributes: [.posixPermissions: 0o600]) else {
                throw Failure(description: "\(path): cannot create the audit key file")
            }
            return AuditKey(key: key)
        }
        guard let data = fm.contents(atPath: path),
              let raw = Data(base64Encoded: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else { throw Failure(description: "\(path): not an audit key (base64 of a 32-byte Ed25519 private key)") }
        return AuditKey(key: key)
    }

    /// A fresh key that is never stored (tests: a checkpoint signed by someone else).
    public static func ephemeral() -> AuditKey { AuditKey(key: Curve25519.Signing.PrivateKey()) }

    /// The public half, base64.
    public var publicKeyBase64: String { key.publicKey.rawRepresentation.base64EncodedString() }

    func sign(_ message: Data) throws -> Data { try key.signature(for: message) }

    func verify(_ signature: Data, of message: Data) -> Bool { key.publicKey.isValidSignature(signature, for: message) }
}
