public import Foundation
public import MotCuaCore
public import MotCuaStore

/// Turns a `POST /api/v1/dossiers` body into a `Submission`, refusing anything malformed.
enum SubmissionParser {
    static let fields: Set<String> = ["procedureCode", "channel", "applicant", "summary", "documents", "submittedAt"]
    static let applicantFields: Set<String> = ["name", "idNumber", "kind", "phone", "email", "address"]
    static let documentFields: Set<String> = ["name", "copies", "form"]

    static func parse(_ body: RequestBody, caller: User, now: Date) throws -> Submission {
        guard let procedure = try body.string("procedureCode", max: 64), !procedure.isEmpty else {
            throw APIError(.unprocessableContent, "missing_field", "'procedureCode' is required", details: ["field": "procedureCode"])
        }
        let channel: Channel
        if let text = try body.string("channel", max: 20) {
            guard let c = Channel(rawValue: text) else {
                throw APIError(.unprocessableContent, "invalid_field", "'channel' must be direct, online or postal", details: ["field": "channel"])
            }
            channel = c
        } else {
            channel = caller.role == .portal ? .online : .direct
        }
        if caller.role == .portal && channel != .online {
            throw APIError(.unprocessableContent, "invalid_field", "the portal sends online submissions only", details: ["field": "channel"])
        }
        // Online submissions are the portal's: they alone are shown back to it (ReadPolicy).
        if caller.role != .portal && channel == .online {
            throw APIError(.unprocessableContent, "invalid_field", "online submissions come from the portal; the desk logs direct or postal ones",
                           details: ["field": "channel"])
        }
        guard let a = try body.object("applicant") else {
            throw APIError(.unprocessableContent, "missing_field", "'applicant' is required", details: ["field": "applicant.name"])
        }
        try body.checkKeys(a, allowed: applicantFields, path: "applicant")
        guard let name = try body.string("name", max: 200, in: a, path: "applicant.name"), !name.isEmpty else {
            throw APIError(.unprocessableContent, "missing_field", "'applicant.name' is required", details: ["field": "applicant.name"])
        }
        var kind = Applicant.Kind.citizen
        if let k = try body.string("kind", max: 20, in: a, path: "applicant.kind") {
            guard let parsed = Applicant.Kind(rawValue: k) else {
                throw APIError(.unprocessableContent, "invalid_field", "'applicant.kind' must be citizen, enterprise, agency or other",
                               details: ["field": "applicant.kind"])
            }
            kind = parsed
        }
        let email = try body.string("email", max: 254, in: a, path: "applicant.email")
        if let email, !email.isEmpty, !isPlausibleEmail(email) {
            throw APIError(.unprocessableContent, "invalid_field", "'applicant.email' is not an e-mail address", details: ["field": "applicant.email"])
        }
        let applicant = Applicant(name: name, idNumber: try body.string("idNumber", max: 50, in: a, path: "applicant.idNumber"),
                                  kind: kind, phone: try body.string("phone", max: 30, in: a, path: "applicant.phone"),
                                  email: email, address: try body.string("address", max: 500, in: a, path: "applicant.address"))
        var documents: [SubmittedDocument] = []
        for (i, item) in (try body.array("documents", max: 200) ?? []).enumerated() {
            guard case let .object(o) = item else { throw body.wrongType("documents[\(i)]", "an object") }
            try body.checkKeys(o, allowed: documentFields, path: "documents[\(i)]")
            guard let docName = try body.string("name", max: 500, in: o, path: "documents[\(i)].name"), !docName.isEmpty else {
                throw APIError(.unprocessableContent, "missing_field", "'documents[\(i)].name' is required",
                               details: ["field": .string("documents[\(i)].name")])
            }
            var form = SubmittedDocument.Form.original
            if let f = try body.string("form", max: 20, in: o, path: "documents[\(i)].form") {
                guard let parsed = SubmittedDocument.Form(rawValue: f) else {
                    throw APIError(.unprocessableContent, "invalid_field", "'documents[\(i)].form' must be original, copy, certified_copy or electronic",
                                   details: ["field": .string("documents[\(i)].form")])
                }
                form = parsed
            }
            let copies = try body.int("copies", in: o, path: "documents[\(i)].copies", range: 0...1000) ?? 1
            documents.append(SubmittedDocument(name: docName, copies: copies, form: form))
        }
        var submittedAt: Date?
        if let text = try body.string("submittedAt", max: 40) {
            guard let date = Timestamp.parse(text) else {
                throw APIError(.unprocessableContent, "invalid_field", "'submittedAt' must be ISO 8601 with a zone, e.g. 2027-01-12T08:15:00+07:00",
                               details: ["field": "submittedAt"])
            }
            guard DateWindow.contains(date, around: now) else {
                throw APIError(.unprocessableContent, "invalid_field", "'submittedAt' is more than \(DateWindow.years) years from now",
                               details: ["field": "submittedAt"])
            }
            guard channel == .online else {
                throw APIError(.unprocessableContent, "invalid_field", "'submittedAt' is for online submissions only", details: ["field": "submittedAt"])
            }
            submittedAt = date
        }
        return Submission(procedureCode: procedure, channel: channel, applicant: applicant,
                          summary: try body.string("summary", max: 2000) ?? "", documents: documents, submittedAt: submittedAt)
    }

    static func isPlausibleEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        // White space in any scalar (not per grapheme: cheaper, and stricter).
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !s.unicodeScalars.contains(where: { $0.properties.isWhitespace })
    }
}


/// The submission rule for the console's intake form: the API's own checks, on the API's
/// field names (no second copy of any rule).
public enum SubmissionRule {
    /// Why a submission was refused: the field (as the API names it, e.g. `applicant.email`)
    /// and the API's code (`missing_field`, `invalid_field`, …).
    public struct Problem: Error, Sendable {
        /// The field, when the refusal names one.
        public let field: String?
        /// The API's error code.
        public let code: String
        /// The API's message (English, for logs).
        public let message: String
    }

    /// A submission from the fields of an API body, as `caller` would send it at `now`.
    public static func parse(_ fields: [String: JSONValue], caller: User, now: Date) throws(Problem) -> Submission {
        try checked(fields, allowed: SubmissionParser.fields) { try SubmissionParser.parse($0, caller: caller, now: now) }
    }

    /// `parse` run on `fields` (refusing any outside `allowed`), its API error as a `Problem`:
    /// every console form checked by the API's own rule goes through here.
    static func checked<T>(_ fields: [String: JSONValue], allowed: Set<String>, _ parse: (RequestBody) throws -> T) throws(Problem) -> T {
        do {
            if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
                throw APIError.malformed("unknown field '\(unknown)'")
            }
            return try parse(RequestBody(fields: fields))
        } catch let error as APIError {
            var field: String?
            if case let .string(f)? = error.details["field"] { field = f }
            throw Problem(field: field, code: error.code, message: error.message)
        } catch {
            throw Problem(field: nil, code: "invalid", message: "\(error)")
        }
    }
}
