public import MotCuaCore

/// Why the store refused an operation. The server maps these to HTTP statuses.
public enum StoreError: Error, Sendable, Equatable {
    /// No dossier with that code.
    case dossierNotFound(String)
    /// No procedure with that code.
    case unknownProcedure(String)
    /// The engine refused the command.
    case rejected(Rejection)
    /// The dossier's workflow version is not loaded (a definition was removed).
    case workflowMissing(id: String, version: Int)
    /// An idempotency key was reused with a different request.
    case idempotencyKeyReused
    /// A document already registered arrived again and the rules say to refuse it.
    case duplicateDocument(of: String, reason: String)
    /// An update or replacement whose original is not here, or can no longer be replaced
    /// (answered 16); `original` is the DocumentId it names.
    case supersessionRefused(original: String, reason: String)
}

/// The row moved on between the decision and the write (another command committed first);
/// the command is decided again against the fresh dossier.
struct StaleDecision: Error {}
