public import Foundation

/// What a caller asks the engine to do to a dossier.
public struct Command: Sendable, Hashable, Codable {
    /// Action name, e.g. `forward`.
    public var action: String
    /// Note for the next officer.
    public var note: String?
    /// Reason (refusal, supplement, stop, reschedule).
    public var reason: String?
    /// Items to add or fix (supplement request).
    public var items: [String]?
    /// Officer for the next step.
    public var assignee: Assignee?
    /// The assignee's role and department as the user directory has them, so that the
    /// engine itself decides whether the officer may work on the step.
    public var assigneePosition: Owner?
    /// New appointment (reschedule).
    public var newDueAt: Date?
    /// The version the caller saw (If-Match); a mismatch is a conflict.
    public var expectedVersion: Int?
    /// Lead department (đơn vị chủ trì) named by the director's instruction.
    public var lead: String?
    /// Cooperating departments (đơn vị phối hợp) named with the lead.
    public var cooperating: [String]?
    /// The register number the store allotted inside the writing transaction, for an
    /// action that registers a document; callers never set it.
    public var registerNumber: Int?
    /// A recipient's status answer to record on an outgoing document (the axis poller's).
    public var answer: DocumentRecord.RecipientAnswer?
    /// A cooperating department's opinion (ý kiến phối hợp), given by one of its officers.
    public var opinion: String?
    /// When the cooperating departments' opinions are due (the director's instruction);
    /// by default two working days, never after the document's own deadline.
    public var opinionDueAt: Date?
    /// The case of an update or replacement received in this document's place, for the
    /// action that retires it; set by the store inside the arrival's transaction.
    public var supersededBy: String?

    /// A command.
    public init(action: String, note: String? = nil, reason: String? = nil, items: [String]? = nil, assignee: Assignee? = nil,
                assigneePosition: Owner? = nil, newDueAt: Date? = nil, expectedVersion: Int? = nil) {
        self.action = action
        self.assigneePosition = assigneePosition
        self.note = note
        self.reason = reason
        self.items = items
        self.assignee = assignee
        self.newDueAt = newDueAt
        self.expectedVersion = expectedVersion
    }

    /// Whether a required field was given (non-blank).
    func has(_ field: ActionField) -> Bool {
        switch field {
        case .note: !(note?.trimmingSpaces.isEmpty ?? true)
        case .reason: !(reason?.trimmingSpaces.isEmpty ?? true)
        case .items: !(items?.filter { !$0.trimmingSpaces.isEmpty }.isEmpty ?? true)
        case .assignee: assignee != nil
        case .newDueAt: newDueAt != nil
        case .lead: !(lead?.trimmingSpaces.isEmpty ?? true)
        case .answer: answer != nil
        case .opinion: !(opinion?.trimmingSpaces.isEmpty ?? true)
        }
    }
}

/// A submission to log: what the desk or the portal hands in.
public struct Submission: Sendable, Hashable, Codable {
    /// Procedure code.
    public var procedureCode: String
    /// How it was handed in.
    public var channel: Channel
    /// Applicant.
    public var applicant: Applicant
    /// Summary (trích yếu).
    public var summary: String
    /// Documents.
    public var documents: [SubmittedDocument]
    /// When the applicant submitted online, if earlier than now.
    public var submittedAt: Date?
    /// The official document, when the case is one (its workflow must be a document workflow).
    public var document: DocumentRecord?

    /// A submission.
    public init(procedureCode: String, channel: Channel, applicant: Applicant, summary: String,
                documents: [SubmittedDocument] = [], submittedAt: Date? = nil, document: DocumentRecord? = nil) {
        self.document = document
        self.procedureCode = procedureCode
        self.channel = channel
        self.applicant = applicant
        self.summary = summary
        self.documents = documents
        self.submittedAt = submittedAt
    }
}
