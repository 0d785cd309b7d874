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
    /// The row's `UPDATE`, naming only the columns that changed (the inbox key and order included).
    let update: DossierRowUpdate
    /// The inbox the dossier waits in after the command, and its order there.
    let queue: String?
    let queueDue: Double
    /// The version the command was decided on (the `UPDATE`'s guard).
    let baseVersion: Int

    /// Sorts after every real step deadline: dossiers without one come last in an inbox.
    static let noDeadline = 1e15

    /// A case's order in its inbox: its step's due time (a document's own deadline: its
    /// steps have no shares), or after every deadline.
    static func queueDue(of d: Dossier) -> Double {
        (d.stepDueAt ?? (d.document != nil && d.clock == .running ? d.dueAt : nil))?.timeIntervalSince1970 ?? noDeadline
    }

    init(decision: Decision, on base: Dossier, code: String, previousHash: String, workflow: Workflow) {
        dossier = decision.dossier
        snapshot = RecordJSON.dossier(decision.dossier)
        rows = Self.chain(decision.events, payloads: decision.events.map(RecordJSON.event), code: code, previousHash: previousHash)
        headHash = rows.last?.hash ?? previousHash
        queue = WorkQueue.key(of: decision.dossier, in: workflow)
        queueDue = Self.queueDue(of: decision.dossier)
        baseVersion = base.version
        update = DossierRowUpdate(from: base, to: decision.dossier, queue: queue, queueDue: queueDue, snapshot: snapshot)
    }

    /// The event rows of `events`, each chained to the one before, the first to `previousHash`.
    static func chain(_ events: [DossierEvent], payloads: [String], code: String, previousHash: String) -> [EventRow] {
        var previous = previousHash
        return zip(events, payloads).map { e, payload in
            let hash = EventChain.hash(previous: previous, code: code, seq: e.seq, payload: payload)
            defer { previous = hash }
            return EventRow(event: e, payload: payload, previous: previous, hash: hash)
        }
    }
}
