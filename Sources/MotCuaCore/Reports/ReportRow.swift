public import Foundation

/// What the reports need of one dossier (read from the store's columns, not the whole
/// snapshot): enough to count it by state and channel and to judge its timeliness.
public struct ReportRow: Sendable, Hashable {
    /// Dossier code.
    public var code: String
    /// Procedure code.
    public var procedureCode: String
    /// The department responsible for the procedure (the report's department).
    public var department: String?
    /// Current state.
    public var state: String
    /// Channel of submission.
    public var channel: Channel
    /// Receipt (`nil` while the desk has not accepted it).
    public var receivedAt: Date?
    /// End of processing (`nil` while open).
    public var finishedAt: Date?
    /// Appointment.
    public var dueAt: Date?
    /// Verdict once finished (supplement time already excluded, two supplement rounds late).
    public var outcome: Outcome?
    /// Working seconds waited for the applicant.
    public var pausedWorkingSeconds: Int

    /// A row.
    public init(code: String, procedureCode: String, department: String?, state: String, channel: Channel, receivedAt: Date?,
                finishedAt: Date?, dueAt: Date?, outcome: Outcome?, pausedWorkingSeconds: Int) {
        self.code = code
        self.procedureCode = procedureCode
        self.department = department
        self.state = state
        self.channel = channel
        self.receivedAt = receivedAt
        self.finishedAt = finishedAt
        self.dueAt = dueAt
        self.outcome = outcome
        self.pausedWorkingSeconds = pausedWorkingSeconds
    }
}
