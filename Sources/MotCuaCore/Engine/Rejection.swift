/// Why the engine refused a command. The server maps these to HTTP statuses; the core
/// only says what is wrong and with what context.
public enum Rejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The action does not leave the current state (or the state is terminal).
    case invalidAction(action: String, state: String, available: [String])
    /// The actor's role or department does not own the step.
    case forbidden(action: String, state: String, allowed: [Owner])
    /// A required field is absent.
    case missingField(ActionField, action: String)
    /// A field is present but not acceptable.
    case invalidField(String, reason: String)
    /// `reschedule` (or another once-per-dossier action) was already used.
    case alreadyUsed(action: String)
    /// The caller saw another version of the dossier.
    case versionConflict(expected: Int, actual: Int)

    /// Stable snake_case code, as the API's error body carries it.
    public var code: String {
        switch self {
        case .invalidAction: "invalid_action"
        case .forbidden: "forbidden"
        case .missingField: "missing_field"
        case .invalidField: "invalid_field"
        case let .alreadyUsed(action): action == "reschedule" ? "already_rescheduled" : "already_used"
        case .versionConflict: "version_conflict"
        }
    }

    /// Human-readable message naming the action, state or field.
    public var description: String {
        switch self {
        case let .invalidAction(action, state, available):
            "the action '\(action)' is not possible in state '\(state)'"
                + (available.isEmpty ? " (no action is)" : "; possible: \(available.joined(separator: ", "))")
        case let .forbidden(action, state, allowed):
            "you may not '\(action)' a dossier in state '\(state)'; allowed: \(allowed.map(\.description).joined(separator: ", "))"
        case let .missingField(field, action): "the action '\(action)' requires '\(field.rawValue)'"
        case let .invalidField(field, reason): "'\(field)' \(reason)"
        case let .alreadyUsed(action): "'\(action)' may be done once per dossier and was already done"
        case let .versionConflict(expected, actual): "the dossier is at version \(actual), not \(expected); reload it"
        }
    }
}
