/// A compiled, validated workflow: the immutable model the engine runs dossiers on.
/// A dossier keeps the `id` and `version` it started with.
public struct Workflow: Sendable {
    /// Definition id.
    public let id: String
    /// Definition version.
    public let version: Int
    /// Display name.
    public let name: String
    /// File it was compiled from.
    public let file: String
    /// The procedure, for procedure definitions.
    public let procedure: Procedure?
    /// States by id.
    public let states: [String: WorkflowState]
    /// State ids in definition order (template states, then steps where they belong).
    public let stateOrder: [String]
    /// All transitions.
    public let transitions: [Transition]
    /// The procedure's steps, in order.
    public let steps: [String]
    /// The state a dossier starts in, per role that logs it.
    public let entry: [Role: String]
    /// The kind of case it runs: dossiers for procedures, documents for the e-office workflows.
    public let caseKind: CaseKind

    private let outgoing: [String: [Transition]]

    /// A workflow from its parts.
    public init(id: String, version: Int, name: String, file: String, procedure: Procedure?, states: [String: WorkflowState],
                stateOrder: [String], transitions: [Transition], steps: [String], entry: [Role: String],
                caseKind: CaseKind = .dossier) {
        self.caseKind = caseKind
        self.id = id
        self.version = version
        self.name = name
        self.file = file
        self.procedure = procedure
        self.states = states
        self.stateOrder = stateOrder
        self.transitions = transitions
        self.steps = steps
        self.entry = entry
        self.outgoing = Dictionary(grouping: transitions, by: \.from)
    }

    /// The transitions leaving a state.
    public func transitions(from state: String) -> [Transition] { outgoing[state] ?? [] }

    /// The transition an action triggers from a state, if any.
    public func transition(_ action: String, from state: String) -> Transition? {
        outgoing[state]?.first { $0.action == action }
    }

    /// The total of the states' shares, in working days.
    public func totalShareDays(standardDaySeconds: Int) -> Double {
        states.values.compactMap(\.share).reduce(0) { $0 + $1.inDays(standardDaySeconds: standardDaySeconds) }
    }
}
