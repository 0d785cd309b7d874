/// One definition file as written, before `extends:` is resolved: every value keeps the
/// location it came from, so that problems found after resolution point at the right line.
public struct WorkflowDocument: Sendable {
    /// A value with its location.
    public struct Located<Value: Sendable>: Sendable {
        /// The value.
        public var value: Value
        /// Where it was written.
        public var location: SourceLocation
    }

    /// An owner as written (`role` not yet checked against the known roles).
    public struct OwnerSpec: Sendable {
        /// Role name.
        public var role: Located<String>
        /// Department code or `$procedure`.
        public var department: Located<String>?
    }

    /// A state as written; `nil` fields are inherited from the template.
    public struct StateSpec: Sendable {
        /// State id.
        public var id: String
        /// Where the state's entry starts.
        public var location: SourceLocation
        public var label: String?
        public var owner: OwnerSpec?
        public var portalStatus: Located<Int>?
        public var edxmlStatus: Located<String>?
        public var clock: ClockMode?
        public var terminal: Bool?
        public var milestone: Milestone?
        public var share: Located<WorkDuration>?
        public var requiresAssignee: Bool?
    }

    /// A transition as written; `from`/`to` may hold placeholders (`$steps`, `$next_step` …).
    public struct TransitionSpec: Sendable {
        public var action: String
        public var from: [Located<String>]
        public var to: Located<String>
        public var label: String?
        public var by: [OwnerSpec]?
        public var requires: [Located<String>]
        public var once: Bool
        public var location: SourceLocation
    }

    /// `template` (a reusable lifecycle), `procedure` (a concrete TTHC), or the e-office
    /// workflow of incoming or outgoing documents.
    public enum Kind: String, Sendable {
        case template, procedure
        case incomingDocument = "incoming_document"
        case outgoingDocument = "outgoing_document"

        /// The kind of case a workflow of this kind runs.
        public var caseKind: CaseKind {
            switch self {
            case .template, .procedure: .dossier
            case .incomingDocument: .incomingDocument
            case .outgoingDocument: .outgoingDocument
            }
        }
    }

    /// The file it was read from.
    public var file: String
    /// Definition id.
    public var id: String
    /// Kind.
    public var kind: Kind
    /// Version of the definition.
    public var version: Int
    /// Display name.
    public var name: String?
    /// The template this extends.
    public var extends: Located<String>?
    /// The procedure (for `kind: procedure`).
    public var procedure: Procedure?
    /// Where the procedure block is.
    public var procedureLocation: SourceLocation?
    /// States, in document order.
    public var states: [StateSpec]
    /// The procedure's internal steps, in order.
    public var steps: [StateSpec]
    /// Where the steps list is.
    public var stepsLocation: SourceLocation?
    /// Transitions.
    public var transitions: [TransitionSpec]
    /// Button labels per action.
    public var actionLabels: [String: String]
    /// The state a dossier starts in, per role that logs it.
    public var entry: [String: Located<String>]
    /// The states between which the steps are inserted (`after`, `before`).
    public var stepsAfter: Located<String>?
    /// The state the last step forwards to.
    public var stepsBefore: Located<String>?
    /// Attributes every step inherits unless it says otherwise (portal status 4, clock running).
    public var stepDefaults: StateSpec?
}
