import Crypto
import Foundation
import MotCuaCore
import MotCuaStore

/// Turns a `POST /api/v1/documents/paper` body into a `PaperDocument` and its scan,
/// refusing anything malformed with the field named.
enum PaperDocumentParser {
    static let fields: Set<String> = ["organ", "number", "notation", "date", "typeName", "subject", "priority", "secret", "dueDate", "scan"]
    static let organFields: Set<String> = ["id", "name"]
    static let scanFields: Set<String> = ["name", "contentType", "content"]

    static func parse(_ body: RequestBody) throws -> (PaperDocument, DocumentFile?) {
        func required(_ key: String, max: Int, in object: [String: JSONValue]? = nil, path: String? = nil) throws -> String {
            guard let value = try body.string(key, max: max, in: object, path: path ?? key), !value.isEmpty else {
                throw APIError(.unprocessableContent, "missing_field", "'\(path ?? key)' is required", details: ["field": .string(path ?? key)])
            }
            return value
        }
        func day(_ key: String) throws -> CivilDate? {
            guard let text = try body.string(key, max: 10) else { return nil }
            guard let date = CivilDate(iso: text) else {
                throw APIError(.unprocessableContent, "invalid_field", "'\(key)' must be a date such as 2027-03-01", details: ["field": .string(key)])
            }
            return date
        }
        try body.rejectNulls()
        guard let organ = try body.object("organ") else {
            throw APIError(.unprocessableContent, "missing_field", "'organ' is required", details: ["field": "organ.name"])
        }
        try body.checkKeys(organ, allowed: organFields, path: "organ")
        try body.rejectNulls(in: organ, path: "organ")
        let organName = try required("name", max: 500, in: organ, path: "organ.name")
        let organId = try body.string("id", max: 50, in: organ, path: "organ.id")
        guard let date = try day("date") else {
            throw APIError(.unprocessableContent, "missing_field", "'date' is required", details: ["field": "date"])
        }
        var urgency = EdXMLPriority.normal
        if let p = try body.int("priority", in: body.fields, path: "priority", range: 0...4) { urgency = EdXMLPriority(rawValue: p) ?? .normal }
        var secret = false
        switch body.fields["secret"] {
        case nil, .null?: break
        case let .bool(b)?: secret = b
        default: throw body.wrongType("secret", "true or false")
        }
        var scan: DocumentFile?
        var described: DocumentRecord.Attachment?
        if let s = try body.object("scan") {
            try body.checkKeys(s, allowed: scanFields, path: "scan")
            try body.rejectNulls(in: s, path: "scan")
            let name = try required("name", max: 200, in: s, path: "scan.name")
            let type = try body.string("contentType", max: 100, in: s, path: "scan.contentType") ?? "application/pdf"
            let text = try required("content", max: 1 << 20, in: s, path: "scan.content")
            guard let bytes = Data(base64Encoded: text), !bytes.isEmpty else {
                throw APIError(.unprocessableContent, "invalid_field", "'scan.content' must be the file in base64", details: ["field": "scan.content"])
            }
            let digest = Hex.string(SHA256.hash(data: bytes))
            scan = DocumentFile(name: "01-" + name, contentType: type, sha256: digest, bytes: bytes)
            described = DocumentRecord.Attachment(name: name, contentType: type, size: bytes.count, sha256: digest)
        }
        let paper = PaperDocument(organId: organId, organName: organName, number: try required("number", max: 20),
                                  notation: try body.string("notation", max: 50) ?? "", date: date,
                                  typeName: try body.string("typeName", max: 100), subject: try required("subject", max: 500),
                                  urgency: urgency, secret: secret, dueDate: try day("dueDate"), scan: described)
        return (paper, scan)
    }
}
