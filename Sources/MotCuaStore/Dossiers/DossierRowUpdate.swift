import MotCuaCore

/// The `UPDATE` of a dossier row that sets only the columns a decision changed (the
/// version and the snapshot always change). SQLite rewrites the entry of every index
/// whose column is assigned, and fires the badge trigger when `queue` or `state` is, even
/// for an unchanged value; most steps leave the deadline, the department, the clock and
/// the finish time alone, so naming only what moved saves the writer a third of the
/// statement's work. Built before the writer; `WHERE version = ?` still guards it.
struct DossierRowUpdate: Sendable {
    let sql: String
    let arguments: [SQLArgument]

    init(from old: Dossier, to new: Dossier, queue: String?, queueDue: Double, snapshot: String) {
        var sets = ["version = ?", "snapshot = ?"]
        var arguments: [SQLArgument] = [.int(new.version), .text(snapshot)]
        func set(_ column: String, _ changed: Bool, _ value: @autoclosure () -> SQLArgument) {
            guard changed else { return }
            sets.append("\(column) = ?")
            arguments.append(value())
        }
        set("state", old.state != new.state, .text(new.state))
        set("department", old.department != new.department, .text(new.department))
        set("assignee_id", old.assignee?.id != new.assignee?.id, .text(new.assignee?.id))
        set("due_at", old.dueAt != new.dueAt, .real(new.dueAt?.timeIntervalSince1970))
        set("step_due_at", old.stepDueAt != new.stepDueAt, .real(new.stepDueAt?.timeIntervalSince1970))
        set("step_seq", old.stepSeq != new.stepSeq, .int(new.stepSeq))
        set("finished_at", old.finishedAt != new.finishedAt, .real(new.finishedAt?.timeIntervalSince1970))
        set("clock", old.clock != new.clock, .text(new.clock.rawValue))
        set("received_at", old.receivedAt != new.receivedAt, .real(new.receivedAt?.timeIntervalSince1970))
        // Always set: the stored key may differ from the one the old dossier gives (a row
        // keyed '?' before queues existed), and the order changes with most steps anyway.
        set("queue", true, .text(queue))
        set("queue_due", true, .real(queueDue))
        sql = "UPDATE dossiers SET \(sets.joined(separator: ", ")) WHERE code = ? AND version = ?"
        arguments.append(.text(new.code))
        arguments.append(.int(old.version))
        self.arguments = arguments
    }
}
