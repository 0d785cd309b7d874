public import Foundation

/// A person acting on a dossier, as the engine needs to know them.
public struct Actor: Sendable, Hashable, Codable {
    /// User id.
    public var id: String
    /// Display name.
    public var name: String
    /// Role.
    public var role: Role
    /// Department (`nil` for agency-wide roles).
    public var department: String?

    /// An actor.
    public init(id: String, name: String, role: Role, department: String? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.department = department
    }
}

/// A user a step is assigned to.
public struct Assignee: Sendable, Hashable, Codable {
    /// User id.
    public var id: String
    /// Display name.
    public var name: String

    /// An assignee.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// The current state of one dossier (hồ sơ): what queries read and what the engine
/// decides on. Every change comes from an event; `version` counts the events.
public struct Dossier: Sendable, Hashable, Codable {
    /// Dossier code (mã hồ sơ), `{agency}-{yyMMdd}-{NNNN}`.
    public var code: String
    /// Procedure code.
    public var procedureCode: String
    /// Workflow id the dossier runs on.
    public var workflowID: String
    /// Workflow version the dossier started with and keeps.
    public var workflowVersion: Int
    /// Current state.
    public var state: String
    /// Number of events recorded.
    public var version: Int
    /// Department currently responsible.
    public var department: String?
    /// Officer handling the current step.
    public var assignee: Assignee?
    /// The last officer of each step that names one, so a dossier sent back returns to them.
    public var stepAssignees: [String: Assignee] = [:]
    /// How it was handed in.
    public var channel: Channel
    /// Who handed it in.
    public var applicant: Applicant
    /// Summary (trích yếu).
    public var summary: String
    /// Documents handed in.
    public var documents: [SubmittedDocument]
    /// When the applicant submitted (NgayNopHoSo).
    public var submittedAt: Date
    /// When the agency accepted it (NgayTiepNhan); the clock runs from here.
    public var receivedAt: Date?
    /// The appointment (NgayHenTra).
    public var dueAt: Date?
    /// When the current timed step was entered (kept while waiting for the applicant).
    public var stepEnteredAt: Date
    /// Sequence number of the event that entered the current step: identifies the step
    /// (the deadline scanner warns once per step).
    public var stepSeq: Int
    /// When the current step is due, for timed steps.
    public var stepDueAt: Date?
    /// What the clock is doing.
    public var clock: ClockMode
    /// When the current wait started, while paused.
    public var pausedAt: Date?
    /// The state to go back to when the wait ends.
    public var resumeState: String?
    /// Working seconds spent waiting for the applicant, in total.
    public var pausedWorkingSeconds: Int
    /// Number of supplement requests so far.
    public var supplementRounds: Int
    /// Actions marked once-per-dossier that were already used (reschedule).
    public var usedOnceActions: [String]
    /// When processing finished (NgayKetThucXuLy).
    public var finishedAt: Date?
    /// When the result was handed over (NgayTra).
    public var returnedAt: Date?
    /// Early, on time or late, once finished.
    public var outcome: Outcome?

    /// The official document this case is, for document cases (`nil` for a dossier).
    public var document: DocumentRecord?

    /// Dossier, incoming or outgoing document.
    public var kind: CaseKind { document?.direction ?? .dossier }

    /// Whether the dossier was rescheduled (the apology letter is allowed once).
    public var rescheduled: Bool { usedOnceActions.contains("reschedule") }
}
