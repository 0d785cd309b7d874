/// What happens to the statutory clock while a dossier is in a state.
public enum ClockMode: String, Sendable, Codable, CaseIterable {
    /// Before receipt (an online submission not yet accepted).
    case notStarted = "not_started"
    /// Counting towards the appointment.
    case running
    /// Waiting for the applicant (supplement, payment): the appointment moves by the wait.
    case paused
    /// Processing finished; the finish time is recorded.
    case stopped
}

/// Something recorded when a dossier enters a state.
public enum Milestone: String, Sendable, Codable, CaseIterable {
    /// Receipt: the appointment is computed and the clock starts (NgayTiepNhan, NgayHenTra).
    case receipt
    /// A supplement round starts (counted by the service-quality index).
    case supplement
    /// Processing ends: the finish time and the outcome are recorded (NgayKetThucXuLy).
    case finish
    /// The result is handed over (NgayTra).
    case `return`
    /// A document is registered: its yearly number in the book, and the handling deadline
    /// (its `DueDate`, else the working days for its urgency) start here.
    case registration
    /// A recalled document's content is destroyed; its metadata stays.
    case destruction
    /// An outgoing document is signed: the signer recorded is who performed the action.
    case signature
    /// An issued outgoing document is recalled: the recall variant goes to every recipient.
    case withdrawal
}

/// One state of a compiled workflow.
public struct WorkflowState: Sendable, Hashable {
    /// Identifier, e.g. `appraisal`.
    public let id: String
    /// Vietnamese label shown to officers.
    public let label: String
    /// Who acts on dossiers in this state (`nil` for terminal states).
    public let owner: Owner?
    /// TrangThaiHoSo pushed to the portal (1–10); 0 in document workflows.
    public let portalStatus: Int
    /// edXML status sent back to a document's sender on entering (document workflows).
    public let edxmlStatus: EdXMLStatusCode?
    /// What the clock does here.
    public let clock: ClockMode
    /// Whether nothing can happen after this state.
    public let terminal: Bool
    /// What entering this state records.
    public let milestone: Milestone?
    /// Share of the statutory deadline allotted to this state, if it is a timed step.
    public let share: WorkDuration?
    /// Whether entering this state names the officer who will handle it.
    public let requiresAssignee: Bool
    /// Whether this is one of the procedure's internal steps.
    public let isStep: Bool
    /// Where the state is defined.
    public let location: SourceLocation

    /// A state with all its attributes.
    public init(id: String, label: String, owner: Owner?, portalStatus: Int, edxmlStatus: EdXMLStatusCode? = nil, clock: ClockMode,
                terminal: Bool, milestone: Milestone?, share: WorkDuration?, requiresAssignee: Bool, isStep: Bool,
                location: SourceLocation) {
        self.id = id
        self.edxmlStatus = edxmlStatus
        self.label = label
        self.owner = owner
        self.portalStatus = portalStatus
        self.clock = clock
        self.terminal = terminal
        self.milestone = milestone
        self.share = share
        self.requiresAssignee = requiresAssignee
        self.isStep = isStep
        self.location = location
    }
}

/// Where something is defined: file, line and element path.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// File path as given.
    public var file: String
    /// 1-based line.
    public var line: Int?
    /// Element path inside the file.
    public var element: String

    /// A location.
    public init(file: String, line: Int?, element: String) {
        self.file = file
        self.line = line
        self.element = element
    }

    /// `file:line (element)`.
    public var description: String { "\(file)\(line.map { ":\($0)" } ?? "") (\(element))" }
}
