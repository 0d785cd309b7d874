import Foundation
import MotCuaCore

/// Writes dossier snapshots and events as JSON directly: the same document Foundation's
/// `JSONEncoder` would produce for their `Codable` forms (dates as `Date`'s own encoding,
/// seconds since 2001-01-01, which round-trips exactly; seconds since 1970 would not),
/// readable by `JSONDecoder`, several times faster on the write path. Field order is
/// fixed, so the text of an event is deterministic (it is what the hash chain covers).
/// The round-trip test in MotCuaStoreTests keeps this in step with the types.
struct RecordJSON {
    var out: [UInt8] = []
    var needsComma = [false]

    static func dossier(_ d: Dossier) -> String {
        String(decoding: head(code: d.code) + tail(d), as: UTF8.self)
    }

    /// `{"code":"…"` — the snapshot's first field. A new dossier's code is known only inside
    /// the writer (the day's counter), so the rest (`tail`) is written before it.
    static func head(code: String) -> [UInt8] {
        var out: [UInt8] = Array(#"{"code":"#.utf8)
        JSONText.quote(code, into: &out)
        return out
    }

    /// Every field after the code, and the closing brace.
    static func tail(_ d: Dossier) -> [UInt8] {
        var w = RecordJSON()
        w.out.reserveCapacity(2048)
        w.needsComma = [false, true]
        w.field("procedureCode", d.procedureCode); w.field("workflowID", d.workflowID)
        w.field("workflowVersion", d.workflowVersion); w.field("state", d.state); w.field("version", d.version)
        w.field("department", d.department)
        if let a = d.assignee { w.key("assignee"); w.assignee(a) }
        w.key("stepAssignees"); w.open()
        for (state, a) in d.stepAssignees.sorted(by: { $0.key < $1.key }) { w.escapedKey(state); w.assignee(a) }
        w.close()
        w.field("channel", d.channel.rawValue)
        w.key("applicant"); w.open()
        w.field("name", d.applicant.name); w.field("idNumber", d.applicant.idNumber); w.field("kind", d.applicant.kind.rawValue)
        w.field("phone", d.applicant.phone); w.field("email", d.applicant.email); w.field("address", d.applicant.address)
        w.close()
        w.field("summary", d.summary)
        w.key("documents"); w.openArray()
        for doc in d.documents {
            w.element(); w.open(); w.field("name", doc.name); w.field("copies", doc.copies); w.field("form", doc.form.rawValue); w.close()
        }
        w.closeArray()
        w.field("submittedAt", d.submittedAt); w.field("receivedAt", d.receivedAt); w.field("dueAt", d.dueAt)
        w.field("stepEnteredAt", d.stepEnteredAt); w.field("stepSeq", d.stepSeq); w.field("stepDueAt", d.stepDueAt)
        w.field("clock", d.clock.rawValue); w.field("pausedAt", d.pausedAt); w.field("resumeState", d.resumeState)
        w.field("pausedWorkingSeconds", d.pausedWorkingSeconds); w.field("supplementRounds", d.supplementRounds)
        w.field("usedOnceActions", d.usedOnceActions)
        w.field("finishedAt", d.finishedAt); w.field("returnedAt", d.returnedAt); w.field("outcome", d.outcome?.rawValue)
        if let document = d.document { w.key("document"); w.document(document) }
        w.close()
        return w.out
    }

    static func event(_ e: DossierEvent) -> String {
        var w = RecordJSON()
        w.out.reserveCapacity(512)
        w.open()
        w.field("seq", e.seq); w.field("kind", e.kind.rawValue); w.field("action", e.action); w.field("from", e.from)
        w.field("to", e.to); w.field("at", e.at)
        w.key("actor"); w.open()
        w.field("id", e.actor.id); w.field("name", e.actor.name); w.field("role", e.actor.role.rawValue); w.field("department", e.actor.department)
        w.close()
        w.field("note", e.note); w.field("reason", e.reason)
        if let items = e.items { w.field("items", items) }
        if let a = e.assignee { w.key("assignee"); w.assignee(a) }
        w.field("dueAt", e.dueAt); w.field("previousDueAt", e.previousDueAt); w.field("waitedWorkingSeconds", e.waitedWorkingSeconds)
        if let s = e.step {
            w.key("step"); w.open()
            w.field("state", s.state); w.field("enteredAt", s.enteredAt); w.field("dueAt", s.dueAt); w.field("leftAt", s.leftAt)
            w.field("outcome", s.outcome.rawValue)
            w.close()
        }
        w.field("portalStatus", e.portalStatus)
        // Written only when present, so that the text of every event before documents
        // existed (what its hash covers) is unchanged.
        w.field("edxmlStatus", e.edxmlStatus); w.field("registerNumber", e.registerNumber); w.field("lead", e.lead)
        if let cooperating = e.cooperating { w.field("cooperating", cooperating) }
        if let answer = e.answer { w.key("answer"); w.encoded(answer) }
        w.field("supersededBy", e.supersededBy); w.field("opinionDueAt", e.opinionDueAt)
        if let opinion = e.opinion { w.key("opinion"); w.encoded(opinion) }
        w.close()
        return String(decoding: w.out, as: UTF8.self)
    }

    // MARK: - Writing

    mutating func open() { out.append(UInt8(ascii: "{")); needsComma.append(false) }
    mutating func close() { out.append(UInt8(ascii: "}")); needsComma.removeLast() }
    mutating func openArray() { out.append(UInt8(ascii: "[")); needsComma.append(false) }
    mutating func closeArray() { out.append(UInt8(ascii: "]")); needsComma.removeLast() }

    mutating func separator() {
        if needsComma[needsComma.count - 1] { out.append(UInt8(ascii: ",")) } else { needsComma[needsComma.count - 1] = true }
    }

    mutating func element() { separator() }

    mutating func key(_ k: String) {
        separator()
        out.append(0x22)
        out += k.utf8  // this file's literals: plain ASCII, nothing to escape
        out += "\":".utf8
    }

    mutating func escapedKey(_ k: String) {
        separator()
        quote(k)
        out.append(UInt8(ascii: ":"))
    }

    mutating func assignee(_ a: Assignee) {
        open(); field("id", a.id); field("name", a.name); close()
    }

    mutating func field(_ k: String, _ v: String?) {
        guard let v else { return }
        key(k)
        quote(v)
    }

    mutating func field(_ k: String, _ v: Int?) {
        guard let v else { return }
        key(k)
        out += String(v).utf8
    }

    mutating func field(_ k: String, _ v: Date?) {
        guard let v else { return }
        key(k)
        out += v.timeIntervalSinceReferenceDate.description.utf8
    }

    mutating func field(_ k: String, _ v: [String]) {
        key(k)
        openArray()
        for s in v { element(); quote(s) }
        closeArray()
    }

    mutating func quote(_ s: String) { JSONText.quote(s, into: &out) }

    /// A nested value through Foundation's encoder (documents: rare, and their header has
    /// thirty fields), keys sorted so that the text is deterministic; dates as `Date`'s own
    /// encoding, as everywhere here.
    mutating func encoded(_ value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        out += (try? encoder.encode(value)).map(Array.init) ?? Array("null".utf8)
    }
}
