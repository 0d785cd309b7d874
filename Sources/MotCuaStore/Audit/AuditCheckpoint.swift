import Crypto
public import Foundation

/// A signed statement of every dossier's chain head at one moment, published outside the
/// database. Whoever holds the database file can drop the triggers and recompute every
/// hash, so the chain alone proves nothing against an insider; a checkpoint signed with a
/// key that lives elsewhere does: a history rewritten after it no longer ends in the heads
/// it lists.
public struct AuditCheckpoint: Sendable, Equatable {
    /// The format tag, part of what is signed.
    public static let format = "motcua-checkpoint/1"

    /// One dossier's last event at checkpoint time.
    public struct Head: Sendable, Equatable {
        public var code: String
        public var seq: Int
        public var hash: String

        public init(code: String, seq: Int, hash: String) {
            self.code = code
            self.seq = seq
            self.hash = hash
        }
    }

    /// The agency whose log this is.
    public var agency: String
    /// When it was taken (ISO 8601, as written).
    public var at: String
    /// Chain heads, by dossier code.
    public var heads: [Head]
    /// SHA-256 over the heads, hex.
    public var root: String
    /// The signer's Ed25519 public key, base64 (informative: verification uses the key the
    /// verifier trusts, never this one).
    public var publicKey: String
    /// Ed25519 signature over `message`, base64.
    public var signature: String

    /// The root of a list of heads: SHA-256 of `code seq hash\n` lines in code order.
    public static func root(of heads: [Head]) -> String {
        var hasher = SHA256()
        for h in heads.sorted(by: { $0.code < $1.code }) { hasher.update(data: Data("\(h.code) \(h.seq) \(h.hash)\n".utf8)) }
        return Hex.string(hasher.finalize())
    }

    /// What is signed: format, agency, time, count and root.
    public var message: Data { Data("\(Self.format)\n\(agency)\n\(at)\n\(heads.count)\n\(root)".utf8) }

    /// A checkpoint over `heads`, signed with `key`.
    public static func sign(heads: [Head], agency: String, at: String, key: AuditKey) throws -> AuditCheckpoint {
        let sorted = heads.sorted { $0.code < $1.code }
        var c = AuditCheckpoint(agency: agency, at: at, heads: sorted, root: root(of: sorted),
                                publicKey: key.publicKeyBase64, signature: "")
        c.signature = try key.sign(c.message).base64EncodedString()
        return c
    }

    /// Whether the signature is `key`'s and the root matches the heads.
    public func isValid(for key: AuditKey) -> Bool {
        guard let sig = Data(base64Encoded: signature), Self.root(of: heads) == root else { return false }
        return key.verify(sig, of: message)
    }

    /// The JSON file form.
    public var json: Data {
        let object: [String: Any] = [
            "format": Self.format, "agency": agency, "at": at, "count": heads.count, "root": root, "publicKey": publicKey,
            "signature": signature, "heads": heads.map { [$0.code, $0.seq, $0.hash] as [Any] },
        ]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }

    /// Reads the JSON file form; `nil` for anything else.
    public static func parse(_ data: Data) -> AuditCheckpoint? {
        guard let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any], o["format"] as? String == format,
              let agency = o["agency"] as? String, let at = o["at"] as? String, let root = o["root"] as? String,
              let publicKey = o["publicKey"] as? String, let signature = o["signature"] as? String,
              let rows = o["heads"] as? [[Any]]
        else { return nil }
        var heads: [Head] = []
        for row in rows {
            guard row.count == 3, let code = row[0] as? String, let seq = row[1] as? Int, let hash = row[2] as? String else { return nil }
            heads.append(Head(code: code, seq: seq, hash: hash))
        }
        return AuditCheckpoint(agency: agency, at: at, heads: heads, root: root, publicKey: publicKey, signature: signature)
    }
}
