import Foundation
import MotCuaCore
import MotCuaStore

/// JSON shapes of the contract, built with a stable key order.
enum Views {
    static func time(_ date: Date?, _ calendar: WorkingCalendar) -> JSONValue {
        date.map { .string(calendar.iso($0)) } ?? .null
    }

    static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    /// A dossier as `access` allows: `.submitted` (the portal) leaves out who works on it
    /// and the internal step deadline.
    static func dossier(_ d: Dossier, workflow: Workflow?, for user: User?, access: ReadAccess = .whole,
                        calendar: WorkingCalendar) -> JSONValue {
        let state = workflow?.states[d.state]
        var actions: [JSONValue] = []
        if let workflow, let user {
            for t in Engine.availableActions(d, for: user.actor, workflow: workflow) {
                let to: String = switch t.target {
                case let .state(id): id
                case .stay: d.state
                case .back: d.resumeState ?? d.state
                }
                actions.append(.ordered([("action", .string(t.action)), ("to", .string(to)), ("label", .string(t.label)),
                                         ("requires", .array(t.requires.map { .string($0.rawValue) }))]))
            }
        }
        let whole = access == .whole
        let pairs: [(String, JSONValue)] = [
            ("code", .string(d.code)),
            ("procedure", .ordered([("code", .string(d.procedureCode)), ("name", optional(workflow?.procedure?.name))])),
            ("workflow", .ordered([("id", .string(d.workflowID)), ("version", .int(d.workflowVersion))])),
            ("state", .string(d.state)),
            ("stateLabel", optional(state?.label)),
            ("portalStatus", state.map { .int($0.portalStatus) } ?? .null),
            ("department", whole ? optional(d.department) : .null),
            ("assignee", whole ? d.assignee.map { .ordered([("id", .string($0.id)), ("name", .string($0.name))]) } ?? .null : .null),
            ("applicant", applicant(d.applicant)),
            ("channel", .string(d.channel.rawValue)),
            ("summary", .string(d.summary)),
            ("documents", .array(d.documents.map { .ordered([("name", .string($0.name)), ("copies", .int($0.copies)),
                                                               ("form", .string($0.form.rawValue))]) })),
            ("submittedAt", time(d.submittedAt, calendar)),
            ("receivedAt", time(d.receivedAt, calendar)),
            ("dueAt", time(d.dueAt, calendar)),
            ("stepDueAt", whole ? time(d.stepDueAt, calendar) : .null),
            ("clock", .string(d.clock.rawValue)),
            ("finishedAt", time(d.finishedAt, calendar)),
            ("returnedAt", time(d.returnedAt, calendar)),
            ("outcome", optional(d.outcome?.rawValue)),
            ("supplementRounds", .int(d.supplementRounds)),
            ("rescheduled", .bool(d.rescheduled)),
            ("version", .int(d.version)),
            ("availableActions", .array(actions)),
        ]
        return .ordered(whole ? pairs : pairs.filter { !Self.internalDossierFields.contains($0.0) })
    }

    /// Fields of the dossier view that only whole readers get (the portal gets the rest).
    static let internalDossierFields: Set<String> = ["department", "assignee", "stepDueAt"]

    static func applicant(_ a: Applicant) -> JSONValue {
        .ordered([("name", .string(a.name)), ("idNumber", optional(a.idNumber)), ("kind", .string(a.kind.rawValue)),
                  ("phone", optional(a.phone)), ("email", optional(a.email)), ("address", optional(a.address))])
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
