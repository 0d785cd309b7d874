import Crypto
public import Foundation
public import MotCuaCore
public import MotCuaStore

/// Turns a `POST /api/v1/documents/drafts` body into a `DocumentDraft` and its attachments
/// (base64 in JSON; the console's multipart form is turned into the same fields), refusing
/// anything malformed with the field named.
enum DraftParser {
    static let fields: Set<String> = ["type", "subject", "content", "recipients", "priority", "secret", "attachments", "replyTo"]
    static let attachmentFields: Set<String> = ["name", "contentType", "content"]
    /// At most this many attachments, each at most `maxAttachmentBytes`.
    static let maxAttachments = 20
    static let maxAttachmentBytes = 20 << 20

    static func parse(_ body: RequestBody, directory: [Agency]) throws -> (DocumentDraft, [DocumentFile]) {
        try body.rejectNulls()
        guard let type = try body.string("type", max: 20), !type.isEmpty else {
            throw APIError(.unprocessableContent, "missing_field", "'type' is required", details: ["field": "type"])
        }
        guard let subject = try body.string("subject", max: 500), !subject.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw APIError(.unprocessableContent, "missing_field", "'subject' is required", details: ["field": "subject"])
        }
        let known = Dictionary(directory.map { ($0.code, $0) }) { a, _ in a }
        var recipients: [EdXMLOrgan] = []
        for (i, item) in (try body.array("recipients", max: 200) ?? []).enumerated() {
            guard case let .string(code) = item else { throw body.wrongType("recipients[\(i)]", "an agency code") }
            guard let agency = known[code] else {
                throw APIError(.unprocessableContent, "invalid_field", "'recipients[\(i)]' is '\(code)', which is not in the directory (GET /api/v1/agencies)",
                               details: ["field": .string("recipients[\(i)]")])
            }
            recipients.append(EdXMLOrgan(organId: agency.code, organName: agency.name, email: agency.mail))
        }
        let urgency = try body.int("priority", in: body.fields, path: "priority", range: 0...4).flatMap(EdXMLPriority.init(rawValue:)) ?? .normal
        let secret: Bool
        switch body.fields["secret"] {
        case nil: secret = false
        case let .bool(b)?: secret = b
        default: throw body.wrongType("secret", "true or false")
        }
        var files: [DocumentFile] = []
        var described: [DocumentRecord.Attachment] = []
        for (i, item) in (try body.array("attachments", max: maxAttachments) ?? []).enumerated() {
            let path = "attachments[\(i)]"
            guard case let .object(a) = item else { throw body.wrongType(path, "an object with name, contentType and content") }
            try body.checkKeys(a, allowed: attachmentFields, path: path)
            try body.rejectNulls(in: a, path: path)
            guard let name = try body.string("name", max: 200, in: a, path: "\(path).name"), Self.isFileName(name) else {
                throw APIError(.unprocessableContent, "invalid_field", "'\(path).name' must be a file name (no path, no control characters)",
                               details: ["field": .string("\(path).name")])
            }
            let type = try body.string("contentType", max: 100, in: a, path: "\(path).contentType") ?? "application/octet-stream"
            guard let text = try body.string("content", max: maxAttachmentBytes / 3 * 4 + 4, in: a, path: "\(path).content"),
                  let bytes = Data(base64Encoded: text), !bytes.isEmpty else {
                throw APIError(.unprocessableContent, "invalid_field", "'\(path).content' must be the file in base64",
                               details: ["field": .string("\(path).content")])
            }
            guard !described.contains(where: { $0.name == name }) else {
                throw APIError(.unprocessableContent, "invalid_field", "'\(path).name' names a file twice", details: ["field": .string("\(path).name")])
            }
            let digest = Hex.string(SHA256.hash(data: bytes))
            files.append(DocumentFile(name: String(format: "%02d-", i + 1) + name, contentType: type, sha256: digest, bytes: bytes))
            described.append(DocumentRecord.Attachment(name: name, contentType: type, size: bytes.count, sha256: digest))
        }
        var draft = DocumentDraft(type: type, subject: subject, content: try body.string("content", max: 100_000), recipients: recipients,
                                  urgency: urgency, secret: secret, attachments: described)
        draft.replyTo = try body.string("replyTo", max: 64).flatMap { $0.isEmpty ? nil : $0 }
        return (draft, files)
    }

    /// A plain file name: what a recipient's system saves it as.
    static func isFileName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\\")
            && !name.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}

/// The drafting rule for the console's form: the API's own checks, on the API's field names.
public enum DraftRule {
    /// A draft and its files from the fields of an API body, with recipients from `directory`.
    public static func parse(_ fields: [String: JSONValue], directory: [Agency]) throws(SubmissionRule.Problem) -> (DocumentDraft, [DocumentFile]) {
        try SubmissionRule.checked(fields, allowed: DraftParser.fields) { try DraftParser.parse($0, directory: directory) }
    }
}
