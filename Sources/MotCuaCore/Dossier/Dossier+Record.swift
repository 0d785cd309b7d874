public import Foundation

extension Dossier {
    /// A dossier from its stored record (the JSON the store writes, already parsed), when the
    /// record is exactly the shape that writer produces and carries no official document;
    /// `nil` for anything else, and the caller then decodes with Foundation's `JSONDecoder`,
    /// which reads every shape (documents, older records) and says what is wrong.
    ///
    /// Why not always `JSONDecoder`: at a million dossiers almost every lookup and list row
    /// decodes a snapshot, and `perf` put 14% of the server's CPU in that decoder. Reading
    /// the parsed tree directly gives the same value — the synthesized `Decodable`'s rules:
    /// required keys present, optional ones missing or `null`, dates as seconds since
    /// 2001-01-01, unknown keys ignored — for a fraction of the cost. Anything the
    /// synthesized decoder might read differently (a fractional number for an `Int`, a
    /// document) is left to it.
    public init?(record: JSONValue) {
        guard case let .object(o) = record,
              let code = o.string("code"), let procedureCode = o.string("procedureCode"), let workflowID = o.string("workflowID"),
              let workflowVersion = o.int("workflowVersion"), let state = o.string("state"), let version = o.int("version"),
              case let .some(department) = o.optionalString("department"),
              case let .some(assignee) = o.optional("assignee", Assignee.init(record:)),
              case let .object(steps)? = o["stepAssignees"],
              let channel = o.string("channel").flatMap(Channel.init(rawValue:)),
              let applicant = o["applicant"].flatMap(Applicant.init(record:)),
              let summary = o.string("summary"),
              case let .array(documentValues)? = o["documents"],
              let submittedAt = o.date("submittedAt"),
              case let .some(receivedAt) = o.optional("receivedAt", JSONValue.date),
              case let .some(dueAt) = o.optional("dueAt", JSONValue.date),
              let stepEnteredAt = o.date("stepEnteredAt"), let stepSeq = o.int("stepSeq"),
              case let .some(stepDueAt) = o.optional("stepDueAt", JSONValue.date),
              let clock = o.string("clock").flatMap(ClockMode.init(rawValue:)),
              case let .some(pausedAt) = o.optional("pausedAt", JSONValue.date),
              case let .some(resumeState) = o.optionalString("resumeState"),
              let pausedWorkingSeconds = o.int("pausedWorkingSeconds"), let supplementRounds = o.int("supplementRounds"),
              case let .array(onceValues)? = o["usedOnceActions"],
              case let .some(finishedAt) = o.optional("finishedAt", JSONValue.date),
              case let .some(returnedAt) = o.optional("returnedAt", JSONValue.date),
              case let .some(outcome) = o.optional("outcome", { $0.stringValue.flatMap(Outcome.init(rawValue:)) }),
              o.absent("document")
        else { return nil }
        var stepAssignees: [String: Assignee] = [:]
        for (state, value) in steps {
            guard let a = Assignee(record: value) else { return nil }
            stepAssignees[state] = a
        }
        var documents: [SubmittedDocument] = []
        for value in documentValues {
            guard case let .object(doc) = value, let name = doc.string("name"), let copies = doc.int("copies"),
                  let form = doc.string("form").flatMap(SubmittedDocument.Form.init(rawValue:)) else { return nil }
            documents.append(SubmittedDocument(name: name, copies: copies, form: form))
        }
        var usedOnceActions: [String] = []
        for value in onceValues {
            guard let action = value.stringValue else { return nil }
            usedOnceActions.append(action)
        }
        self.init(code: code, procedureCode: procedureCode, workflowID: workflowID, workflowVersion: workflowVersion, state: state,
                  version: version, department: department, assignee: assignee, stepAssignees: stepAssignees, channel: channel,
                  applicant: applicant, summary: summary, documents: documents, submittedAt: submittedAt, receivedAt: receivedAt,
                  dueAt: dueAt, stepEnteredAt: stepEnteredAt, stepSeq: stepSeq, stepDueAt: stepDueAt, clock: clock, pausedAt: pausedAt,
                  resumeState: resumeState, pausedWorkingSeconds: pausedWorkingSeconds, supplementRounds: supplementRounds,
                  usedOnceActions: usedOnceActions, finishedAt: finishedAt, returnedAt: returnedAt, outcome: outcome, document: nil)
    }
}

extension Assignee {
    /// An assignee from its stored record; `nil` unless it is exactly `{"id", "name"}` strings.
    fileprivate init?(record: JSONValue) {
        guard case let .object(o) = record, let id = o.string("id"), let name = o.string("name") else { return nil }
        self.init(id: id, name: name)
    }
}

extension Applicant {
    /// An applicant from its stored record; `nil` unless every field has its type.
    fileprivate init?(record: JSONValue) {
        guard case let .object(o) = record, let name = o.string("name"),
              let kind = o.string("kind").flatMap(Kind.init(rawValue:)),
              case let .some(idNumber) = o.optionalString("idNumber"), case let .some(phone) = o.optionalString("phone"),
              case let .some(email) = o.optionalString("email"), case let .some(address) = o.optionalString("address")
        else { return nil }
        self.init(name: name, idNumber: idNumber, kind: kind, phone: phone, email: email, address: address)
    }
}

extension JSONValue {
    fileprivate var stringValue: String? {
        if case let .string(s) = self { return s }
        return nil
    }

    /// A date as `Date`'s own `Codable` form writes it: seconds since 2001-01-01.
    fileprivate static func date(_ value: JSONValue) -> Date? {
        switch value {
        case let .double(d): Date(timeIntervalSinceReferenceDate: d)
        case let .int(n): Date(timeIntervalSinceReferenceDate: Double(n))
        default: nil
        }
    }
}

extension [String: JSONValue] {
    fileprivate func string(_ key: String) -> String? { self[key]?.stringValue }

    fileprivate func int(_ key: String) -> Int? {
        if case let .int(n)? = self[key] { return n }
        return nil
    }

    fileprivate func date(_ key: String) -> Date? { self[key].flatMap(JSONValue.date) }

    /// `.some(nil)` when the key is missing or `null` (what `decodeIfPresent` reads as absent),
    /// `.some(value)` when `read` accepts it, `nil` when it does not (the record is not ours).
    fileprivate func optional<T>(_ key: String, _ read: (JSONValue) -> T?) -> T?? {
        guard let value = self[key] else { return .some(nil) }
        if case .null = value { return .some(nil) }
        guard let read = read(value) else { return nil }
        return .some(read)
    }

    /// Missing or `null` (matched, not compared: `JSONValue`'s `==` serializes both sides).
    fileprivate func absent(_ key: String) -> Bool {
        guard let value = self[key] else { return true }
        if case .null = value { return true }
        return false
    }

    fileprivate func optionalString(_ key: String) -> String?? { optional(key) { $0.stringValue } }
}
