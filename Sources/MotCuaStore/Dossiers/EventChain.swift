import Crypto
import Foundation
public import MotCuaCore

/// The hash chain of a dossier's events: each event stores the hash of the previous one,
/// so an edited, inserted or deleted row breaks the chain (`motcua audit verify`).
public enum EventChain {
    /// The previous hash of a dossier's first event.
    public static let genesis = String(repeating: "0", count: 64)

    /// The canonical JSON of an event, as stored and hashed.
    public static func payload(_ event: DossierEvent) throws -> String { RecordJSON.event(event) }

    /// Decodes a stored payload.
    public static func event(from payload: String) throws -> DossierEvent {
        try JSONDecoder().decode(DossierEvent.self, from: Data(payload.utf8))
    }

    /// The hash of an event row given the previous hash.
    public static func hash(previous: String, code: String, seq: Int, payload: String) -> String {
        let text = "\(previous)\n\(code)\n\(seq)\n\(payload)"
        return Hex.string(SHA256.hash(data: Data(text.utf8)))
    }

    /// What is wrong with one dossier's chain of `rows` (seq, payload, prev_hash, hash), if anything.
    static func fault(code: String, version: Int, rows: [(Int, String, String, String)]) -> String? {
        var previous = EventChain.genesis
        for (i, (seq, payload, prev, hash)) in rows.enumerated() {
            guard seq == i + 1 else { return "event \(i + 1) is missing" }
            guard prev == previous else { return "event \(seq) does not follow event \(seq - 1)" }
            let expected = EventChain.hash(previous: previous, code: code, seq: seq, payload: payload)
            guard hash == expected else { return "event \(seq) was altered" }
            previous = expected
        }
        return rows.count == version ? nil : "the dossier is at version \(version) but has \(rows.count) events"
    }
}
