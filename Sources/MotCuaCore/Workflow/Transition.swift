/// A field an action may require from the caller.
public enum ActionField: String, Sendable, Codable, CaseIterable {
    /// Free text for the next officer.
    case note
    /// Why (refusal, supplement, stop, reschedule) — printed on the forms.
    case reason
    /// The documents to add or fix (supplement request).
    case items
    /// The officer who will handle the next step.
    case assignee
    /// The new appointment (reschedule).
    case newDueAt
    /// The lead department of a document (the director's instruction).
    case lead
    /// A recipient's status answer to an outgoing document (given by the axis poller only).
    case answer
    /// A cooperating department's opinion on a document (ý kiến phối hợp).
    case opinion
}

/// One possible move of a compiled workflow: an action from one state.
public struct Transition: Sendable, Hashable {
    /// Where the action leads.
    public enum Target: Sendable, Hashable {
        /// To a named state.
        case state(String)
        /// Nowhere: the dossier stays (assign, reschedule).
        case stay
        /// Back to the state the dossier was in before it started waiting.
        case back
    }

    /// Action name, e.g. `forward`.
    public let action: String
    /// Source state.
    public let from: String
    /// Target.
    public let target: Transition.Target
    /// Vietnamese label of the button.
    public let label: String
    /// Who may perform it.
    public let allowed: [Owner]
    /// Fields the caller must give.
    public let requires: [ActionField]
    /// Whether the action may be performed at most once per dossier.
    public let oncePerDossier: Bool
    /// Where it is defined.
    public let location: SourceLocation

    /// A transition with all its attributes.
    public init(action: String, from: String, target: Transition.Target, label: String, allowed: [Owner],
                requires: [ActionField], oncePerDossier: Bool, location: SourceLocation) {
        self.action = action
        self.from = from
        self.target = target
        self.label = label
        self.allowed = allowed
        self.requires = requires
        self.oncePerDossier = oncePerDossier
        self.location = location
    }

    /// The target state id when it is fixed, `nil` for stay/back.
    public var targetState: String? {
        if case let .state(id) = target { return id }
        return nil
    }
}
