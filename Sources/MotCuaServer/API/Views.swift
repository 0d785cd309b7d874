import Foundation
import MotCuaCore
import MotCuaStore

/// JSON shapes of the contract, built with a stable key order.
enum Views {
    static func time(_ date: Date?, _ calendar: WorkingCalendar) -> JSONValue {
        date.map { .string(calendar.iso($0)) } ?? .null
    }

    static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    /// A dossier as `access` allows, as JSON bytes: `.submitted` (the portal) leaves out
    /// who works on it and the internal step deadline. Written directly (`JSONWriter`): a
    /// new dossier's view is rendered on every create and every action.
    static func dossier(_ d: Dossier, workflow: Workflow?, for user: User?, access: ReadAccess = .whole,
                        calendar: WorkingCalendar) -> [UInt8] {
        let state = workflow?.states[d.state]
        let whole = access == .whole
        var w = JSONWriter(capacity: 1536)
        func time(_ key: String, _ date: Date?) {
            w.key(key)
            w.time(date, offset: calendar.utcOffset)
        }
        w.beginObject()
        w.field("code", d.code)
        w.key("procedure")
        w.beginObject()
        w.field("code", d.procedureCode)
        w.field("name", workflow?.procedure?.name)
        w.endObject()
        w.key("workflow")
        w.beginObject()
        w.field("id", d.workflowID)
        w.field("version", d.workflowVersion)
        w.endObject()
        w.field("state", d.state)
        w.field("stateLabel", state?.label)
        // Documents are not the portal's: no TrangThaiHoSo.
        w.field("portalStatus", d.document == nil ? state?.portalStatus : nil)
        if let document = d.document {
            w.field("kind", d.kind.rawValue)
            w.key("document")
            w.value(Views.document(document, calendar: calendar))
        }
        if whole {
            w.field("department", d.department)
            w.key("assignee")
            if let a = d.assignee {
                w.beginObject()
                w.field("id", a.id)
                w.field("name", a.name)
                w.endObject()
            } else { w.null() }
        }
        let a = d.applicant
        w.key("applicant")
        w.beginObject()
        w.field("name", a.name)
        w.field("idNumber", a.idNumber)
        w.field("kind", a.kind.rawValue)
        w.field("phone", a.phone)
        w.field("email", a.email)
        w.field("address", a.address)
        w.endObject()
        w.field("channel", d.channel.rawValue)
        w.field("summary", d.summary)
        w.key("documents")
        w.beginArray()
        for document in d.documents {
            w.beginObject()
            w.field("name", document.name)
            w.field("copies", document.copies)
            w.field("form", document.form.rawValue)
            w.endObject()
        }
        w.endArray()
        time("submittedAt", d.submittedAt)
        time("receivedAt", d.receivedAt)
        time("dueAt", d.dueAt)
        if whole { time("stepDueAt", d.stepDueAt) }
        w.field("clock", d.clock.rawValue)
        time("finishedAt", d.finishedAt)
        time("returnedAt", d.returnedAt)
        w.field("outcome", d.outcome?.rawValue)
        w.field("supplementRounds", d.supplementRounds)
        w.key("rescheduled")
        w.bool(d.rescheduled)
        w.field("version", d.version)
        w.key("availableActions")
        w.beginArray()
        if let workflow, let user {
            for t in Engine.availableActions(d, for: user.actor, workflow: workflow) {
                let to: String = switch t.target {
                case let .state(id): id
                case .stay: d.state
                case .back: d.resumeState ?? d.state
                }
                w.beginObject()
                w.field("action", t.action)
                w.field("to", to)
                w.field("label", t.label)
                w.key("requires")
                w.beginArray()
                for field in t.requires { w.string(field.rawValue) }
                w.endArray()
                w.endObject()
            }
        }
        w.endArray()
        w.endObject()
        return w.bytes
    }

    /// An event; for `.submitted` readers without officers' names and internal notes.
    static func event(_ stored: StoredEvent, access: ReadAccess = .whole, calendar: WorkingCalendar) -> JSONValue {
        let e = stored.event
        if access != .whole {
            return .ordered([
                ("seq", .int(e.seq)), ("type", .string(e.kind.rawValue)), ("action", .string(e.action)),
                ("from", optional(e.from)), ("to", .string(e.to)), ("actor", .ordered([("role", .string(e.actor.role.rawValue))])),
                ("at", time(e.at, calendar)), ("reason", optional(e.reason)),
                ("items", e.items.map { .array($0.map(JSONValue.string)) } ?? .null),
                ("portalStatus", .int(e.portalStatus)), ("dueAt", time(e.dueAt, calendar)),
                ("hash", .string(stored.hash)), ("prevHash", .string(stored.prevHash)),
            ])
        }
        var pairs: [(String, JSONValue)] = [
            ("seq", .int(e.seq)), ("type", .string(e.kind.rawValue)), ("action", .string(e.action)),
            ("from", optional(e.from)), ("to", .string(e.to)),
            ("actor", .ordered([("id", .string(e.actor.id)), ("name", .string(e.actor.name)), ("role", .string(e.actor.role.rawValue))])),
            ("at", time(e.at, calendar)), ("note", optional(e.note)), ("reason", optional(e.reason)),
            ("items", e.items.map { .array($0.map(JSONValue.string)) } ?? .null),
            ("portalStatus", .int(e.portalStatus)), ("dueAt", time(e.dueAt, calendar)),
        ]
        if let status = e.edxmlStatus { pairs.append(("edxmlStatus", .string(status))) }
        if let number = e.registerNumber { pairs.append(("registerNumber", .int(number))) }
        if let lead = e.lead { pairs.append(("lead", .string(lead))) }
        if let cooperating = e.cooperating { pairs.append(("cooperating", .array(cooperating.map(JSONValue.string)))) }
        if let answer = e.answer {
            pairs.append(("answer", .ordered([("organId", .string(answer.organId)), ("code", .string(answer.code)),
                                              ("description", optional(answer.description)), ("timestamp", .string(answer.timestamp))])))
        }
        if let later = e.supersededBy { pairs.append(("supersededBy", .string(later))) }
        if let due = e.opinionDueAt { pairs.append(("opinionDueAt", time(due, calendar))) }
        if let opinion = e.opinion { pairs.append(("opinion", Views.opinion(opinion, calendar: calendar))) }
        if let previous = e.previousDueAt { pairs.append(("previousDueAt", time(previous, calendar))) }
        if let waited = e.waitedWorkingSeconds { pairs.append(("waitedWorkingSeconds", .int(waited))) }
        if let step = e.step {
            pairs.append(("step", .ordered([("state", .string(step.state)), ("enteredAt", time(step.enteredAt, calendar)),
                                            ("dueAt", time(step.dueAt, calendar)), ("leftAt", time(step.leftAt, calendar)),
                                            ("outcome", .string(step.outcome.rawValue))])))
        }
        pairs += [("hash", .string(stored.hash)), ("prevHash", .string(stored.prevHash))]
        return .ordered(pairs)
    }

    static func user(_ u: User, withUsername: Bool = false) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("id", .string(u.id))]
        if withUsername { pairs.append(("username", .string(u.username))) }
        pairs += [("name", .string(u.name)), ("role", .string(u.role.rawValue)), ("department", optional(u.department))]
        return .ordered(pairs)
    }
}
