import Foundation
import MotCuaCore

/// A new dossier made ready for the writer, before its code is known: the event payloads
/// (which do not contain the code), the snapshot after its code, the inbox key.
struct PreparedOpening: Sendable {
    let dossier: Dossier
    let events: [DossierEvent]
    let payloads: [String]
    let snapshotTail: [UInt8]
    let queue: String?
    let queueDue: Double

    init(decision: Decision, workflow: Workflow) {
        dossier = decision.dossier
        events = decision.events
        payloads = decision.events.map(RecordJSON.event)
        snapshotTail = RecordJSON.tail(decision.dossier)
        queue = WorkQueue.key(of: decision.dossier, in: workflow)
        queueDue = PreparedCommand.queueDue(of: decision.dossier)
    }
}
