public import Foundation

/// One recorded change of a dossier. The event log is the record; the dossier snapshot is
/// derived from it. Events carry what the forms and the portal need (times, verdicts).
public struct DossierEvent: Sendable, Hashable, Codable {
    /// What kind of change.
    public enum Kind: String, Sendable, Codable {
        /// The dossier was logged.
        case created
        /// The state changed.
        case transitioned
        /// The state stayed; something else changed (assignee, appointment).
        case updated
    }

    /// The on-time verdict of a step the dossier left (one row of the process control slip).
    public struct StepRecord: Sendable, Hashable, Codable {
        /// The step.
        public var state: String
        /// When it was entered.
        public var enteredAt: Date
        /// When it was due.
        public var dueAt: Date
        /// When it was left.
        public var leftAt: Date
        /// Early, on time or late against its own share.
        public var outcome: Outcome
    }

    /// Dossier version after this event (1 for `created`).
    public var seq: Int
    /// Kind.
    public var kind: Kind
    /// Action performed (`create` for the first event).
    public var action: String
    /// State before (`nil` for `created`).
    public var from: String?
    /// State after.
    public var to: String
    /// When.
    public var at: Date
    /// Who.
    public var actor: Actor
    /// Free note.
    public var note: String?
    /// Reason.
    public var reason: String?
    /// Items requested.
    public var items: [String]?
    /// Assignee set by this event.
    public var assignee: Assignee?
    /// Appointment after this event.
    public var dueAt: Date?
    /// Appointment before this event, when it changed.
    public var previousDueAt: Date?
    /// Working seconds waited, when a wait ended.
    public var waitedWorkingSeconds: Int?
    /// Verdict of the step left, when a timed step was left.
    public var step: StepRecord?
    /// Portal status after this event.
    public var portalStatus: Int
    /// edXML status (01–06, 13, 15, 16) the state entered sends back to the document's sender.
    public var edxmlStatus: String?
    /// Register number allotted by this event.
    public var registerNumber: Int?
    /// Lead department named by this event.
    public var lead: String?
    /// Cooperating departments named by this event.
    public var cooperating: [String]?
    /// A recipient's answer recorded by this event.
    public var answer: DocumentRecord.RecipientAnswer?
    /// The case that took this document's place, recorded by this event.
    public var supersededBy: String?
    /// When the cooperating departments' opinions are due, set by this event.
    public var opinionDueAt: Date?
    /// A cooperating department's opinion given by this event.
    public var opinion: DocumentRecord.Opinion?
}

/// What the engine decided: the new snapshot and the events that lead to it.
public struct Decision: Sendable, Hashable {
    /// The dossier after the events.
    public var dossier: Dossier
    /// Events to append, in order.
    public var events: [DossierEvent]

    /// A decision (several in a row, one after another, make one).
    public init(dossier: Dossier, events: [DossierEvent]) {
        self.dossier = dossier
        self.events = events
    }
}
