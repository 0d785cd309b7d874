public import MotCuaCore

/// Why a document entered by an officer (a draft, `DocumentDrafts`; a paper document,
/// `PaperRegistration`) cannot become a case. The API and the console each say it in their
/// own way (`DocumentRoutes.entered`, the console's forms).
public enum DocumentEntryFailure: Error, Sendable {
    /// Drafting is the work of a specialist of a department.
    case notASpecialist
    /// Registering paper documents is the clerk's work.
    case notAClerk
    /// No e-office rules or no document workflow of that kind on this server.
    case notConfigured(String)
    /// The clerical rules refuse it (unknown type, no book, no recipient, …).
    case refused(DocumentArrival.Refusal)
}
