public import Foundation

/// "Why this appointment?": how a dossier's appointment came to be what it is, read from its
/// event log — the count from the receipt, then every change in order (each wait for the
/// applicant that moved it, each reschedule). Each change starts from the appointment the
/// one before left, so the parts add up to the dossier's appointment.
public struct AppointmentExplanation: Sendable, Hashable {
    /// One wait on the applicant (a supplement or payment round): the clock stopped, and the
    /// working time waited was added to the appointment when it ended.
    public struct Pause: Sendable, Hashable {
        /// The waiting state.
        public let state: String
        /// Its label.
        public let label: String
        /// The supplement round (1, 2 …) when the wait is for a supplement.
        public let supplementRound: Int?
        /// When the wait started.
        public let pausedAt: Date
        /// When it ended (`nil` while it lasts).
        public let resumedAt: Date?
        /// Working time waited: the recorded figure once ended, the time so far while it lasts.
        public let waitedWorkingSeconds: Int
        /// The days off inside the wait, which did not count as waiting.
        public let daysOff: [DeadlineCount.Day]
        /// The appointment before.
        public let dueBefore: Date
        /// The appointment after (`nil` while the wait lasts: it moves when the wait ends).
        public let dueAfter: Date?
    }

    /// A new appointment set by a department head or the director (with the apology letter).
    public struct Reschedule: Sendable, Hashable {
        /// When.
        public let at: Date
        /// Who.
        public let actor: Actor
        /// The reason given.
        public let reason: String?
        /// The appointment before.
        public let dueBefore: Date
        /// The new appointment.
        public let dueAfter: Date
    }

    /// One change of the appointment after the receipt.
    public enum Change: Sendable, Hashable {
        /// A wait on the applicant.
        case pause(Pause)
        /// A new appointment.
        case reschedule(Reschedule)
    }

    /// The count from the receipt (`nil` before the dossier is received).
    public let initial: DeadlineCount?
    /// The appointment the receipt recorded, which `initial.dueAt` recomputes; they differ only
    /// when the calendar's configuration changed since (`calendarChanged`).
    public let recordedInitialDueAt: Date?
    /// The changes after the receipt, in order.
    public let changes: [Change]
    /// The dossier's appointment now.
    public let dueAt: Date?

    /// Whether today's calendar counts the receipt differently from the day it was recorded
    /// (a day off added to the configuration afterwards).
    public var calendarChanged: Bool { initial != nil && initial?.dueAt != recordedInitialDueAt }
}

extension AppointmentExplanation {
    /// The explanation of a dossier's appointment from its events, in order.
    ///
    /// - Parameter now: the time a wait still in progress is measured to.
    public static func explain(_ events: [DossierEvent], workflow: Workflow, calendar: WorkingCalendar,
                               now: Date) -> AppointmentExplanation {
        var initial: DeadlineCount?
        var recorded: Date?
        var changes: [Change] = []
        var open: (event: DossierEvent, round: Int?)?
        var rounds = 0
        for event in events {
            let target = workflow.states[event.to]
            let source = event.from.flatMap { workflow.states[$0] }
            if recorded == nil, let due = event.dueAt {
                recorded = due
                if let p = workflow.procedure {
                    initial = calendar.count(from: event.at, deadline: p.deadline, cutoff: p.cutoff)
                }
                continue
            }
            if event.kind == .transitioned, target?.milestone == .supplement { rounds += 1 }
            if let waited = event.waitedWorkingSeconds, let pending = open, let before = event.previousDueAt {
                changes.append(.pause(pause(pending.event, round: pending.round, workflow: workflow, calendar: calendar, end: event.at, resumedAt: event.at,
                                            waited: waited, dueBefore: before, dueAfter: event.dueAt)))
                open = nil
            } else if event.kind == .updated, let before = event.previousDueAt, let after = event.dueAt {
                changes.append(.reschedule(Reschedule(at: event.at, actor: event.actor, reason: event.reason,
                                                      dueBefore: before, dueAfter: after)))
            }
            if recorded != nil, event.kind == .transitioned, target?.clock == .paused, source?.clock != .paused {
                open = (event, target?.milestone == .supplement ? rounds : nil)
            }
        }
        if let pending = open, let due = events.last?.dueAt ?? recorded {
            changes.append(.pause(pause(pending.event, round: pending.round, workflow: workflow, calendar: calendar, end: now, resumedAt: nil,
                                        waited: calendar.workingTime(from: pending.event.at, to: now), dueBefore: due, dueAfter: nil)))
        }
        return AppointmentExplanation(initial: initial, recordedInitialDueAt: recorded, changes: changes,
                                      dueAt: events.last(where: { $0.dueAt != nil })?.dueAt)
    }

    private static func pause(_ start: DossierEvent, round: Int?, workflow: Workflow, calendar: WorkingCalendar, end: Date, resumedAt: Date?,
                              waited: Int, dueBefore: Date, dueAfter: Date?) -> Pause {
        Pause(state: start.to, label: workflow.states[start.to]?.label ?? start.to, supplementRound: round, pausedAt: start.at,
              resumedAt: resumedAt, waitedWorkingSeconds: waited, daysOff: calendar.daysOff(from: start.at, to: end),
              dueBefore: dueBefore, dueAfter: dueAfter)
    }
}
