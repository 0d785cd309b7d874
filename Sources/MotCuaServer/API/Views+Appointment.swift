import Foundation
import MotCuaCore

extension Views {
    /// `GET /api/v1/dossiers/{code}/deadline`: how the appointment was computed. Every date
    /// of the count is listed (counted ones too) so a client can add the parts up itself.
    /// The portal's view names the role of whoever rescheduled, not the officer.
    static func appointment(_ x: AppointmentExplanation, code: String, access: ReadAccess, calendar: WorkingCalendar) -> JSONValue {
        func t(_ date: Date?) -> JSONValue { time(date, calendar) }
        var received: JSONValue = .null
        if let c = x.initial {
            received = .ordered([
                ("at", t(c.receivedAt)), ("countingFrom", t(c.countingFrom)), ("reason", .string(c.startReason.rawValue)),
                ("daysOffBeforeStart", .array(c.daysOffBeforeStart.map(day))),
                ("cutoff", optional(c.cutoff?.description)),
                ("deadline", .ordered([("value", .double(c.deadline.value)), ("unit", .string(c.deadline.unit.rawValue))])),
                ("wholeDays", .int(c.wholeDays)), ("extraSeconds", .int(c.extraSeconds)),
                ("days", .array(c.days.map(day))), ("dueAt", t(c.dueAt)), ("recordedDueAt", t(x.recordedInitialDueAt)),
                ("calendarChanged", .bool(x.calendarChanged)),
            ])
        }
        let changes: [JSONValue] = x.changes.map { change in
            switch change {
            case let .pause(p):
                .ordered([
                    ("type", .string("pause")), ("state", .string(p.state)), ("label", .string(p.label)),
                    ("supplementRound", p.supplementRound.map(JSONValue.int) ?? .null),
                    ("pausedAt", t(p.pausedAt)), ("resumedAt", t(p.resumedAt)),
                    ("waitedWorkingSeconds", .int(p.waitedWorkingSeconds)), ("daysOff", .array(p.daysOff.map(day))),
                    ("dueBefore", t(p.dueBefore)), ("dueAfter", t(p.dueAfter)),
                ])
            case let .reschedule(r):
                .ordered([
                    ("type", .string("reschedule")), ("at", t(r.at)),
                    ("by", access == .whole ? .ordered([("name", .string(r.actor.name)), ("role", .string(r.actor.role.rawValue))])
                        : .ordered([("role", .string(r.actor.role.rawValue))])),
                    ("reason", optional(r.reason)), ("dueBefore", t(r.dueBefore)), ("dueAfter", t(r.dueAfter)),
                ])
            }
        }
        return .ordered([("code", .string(code)), ("dueAt", t(x.dueAt)), ("received", received), ("changes", .array(changes))])
    }

    static func day(_ d: DeadlineCount.Day) -> JSONValue {
        .ordered([("date", .string(d.date.description)), ("kind", .string(d.kind.rawValue)), ("name", optional(d.name))])
    }
}
