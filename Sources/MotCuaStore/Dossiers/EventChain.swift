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
}
