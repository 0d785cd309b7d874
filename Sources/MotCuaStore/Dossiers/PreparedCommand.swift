import Foundation
import MotCuaCore

/// A decision made ready for the writer: every byte it will store, computed before it.
struct PreparedCommand: Sendable {
    /// One event row.
    struct EventRow: Sendable {
        var event: DossierEvent
        var payload: String
        var previous: String
        var hash: String
    }

    let dossier: Dossier
    let snapshot: String
    let rows: [EventRow]
    /// The hash the dossier's next event will chain to.
    let headHash: String
    /// The inbox the dossier is in after the command, and its order there.
    let queue: String?
    let queueDue: Double

    /// Sorts after every real step deadline: dossiers without one come last in an inbox.
    static let noDeadline = 1e15

    init(decision: Decision, code: String, previousHash: String, workflow: Workflow) {
        dossier = decision.dossier
        queue = WorkQueue.key(of: decision.dossier, in: workflow)
        queueDue = decision.dossier.stepDueAt?.timeIntervalSince1970 ?? Self.noDeadline
        snapshot = RecordJSON.dossier(decision.dossier)
        var previous = previousHash
        var rows: [EventRow] = []
        for e in decision.events {
            let payload = RecordJSON.event(e)
            let hash = EventChain.hash(previous: previous, code: code, seq: e.seq, payload: payload)
            rows.append(EventRow(event: e, payload: payload, previous: previous, hash: hash))
            previous = hash
        }
        self.rows = rows
        headHash = previous
    }
}
