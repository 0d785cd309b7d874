import Foundation
import Hummingbird
import MultipartKit

/// A `multipart/form-data` body (a form with files): its text fields, every value of a
/// repeated name in order, and its files, read up to a limit through MultipartKit's parser.
struct MultipartForm {
    /// One uploaded file.
    struct File {
        /// The form field it came in.
        let field: String
        /// Its name on the officer's computer (no path).
        let name: String
        /// Its type as the browser sent it.
        let contentType: String
        /// Its bytes.
        let bytes: Data
    }

    let fields: [String: [String]]
    let files: [File]

    /// The first value of `name`, trimmed; `nil` when absent or blank.
    subscript(_ name: String) -> String? {
        fields[name]?.first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Every value of `name`, in the order sent.
    func all(_ name: String) -> [String] { fields[name] ?? [] }

    /// Why a body was not read.
    enum Failure: Error { case tooLarge, notMultipart, malformed }

    /// At most this many parts, and this much text in one field.
    static let maxParts = 400
    static let maxFieldBytes = 200_000

    static func read(_ request: Request, limit: Int) async throws -> MultipartForm {
        let type = request.headers[.contentType] ?? ""
        guard type.lowercased().hasPrefix("multipart/form-data"), let boundary = Self.boundary(type) else { throw Failure.notMultipart }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw Failure.tooLarge }
        let parts = Parts()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in parts.headers[name.lowercased()] = value }
        parser.onBody = { chunk in
            if parts.body.readableBytes + chunk.readableBytes <= limit { parts.body.writeBuffer(&chunk) }
        }
        parser.onPartComplete = { parts.complete() }
        var total = 0
        for try await chunk in request.body {
            total += chunk.readableBytes
            guard total <= limit else { throw Failure.tooLarge }
            do { try parser.execute(chunk) } catch { throw Failure.malformed }
            if parts.failed { throw Failure.malformed }
        }
        // A body with no complete part (no closing boundary reached) is no form.
        guard parts.count > 0, !parts.failed else { throw Failure.malformed }
        return MultipartForm(fields: parts.fields, files: parts.files)
    }

    /// The `boundary` parameter of a Content-Type, unquoted.
    static func boundary(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let value = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2 ? String(pair[1].dropFirst().dropLast()) : pair[1]
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// `form-data; name="x"; filename="y"` → (x, y).
    static func disposition(_ header: String) -> (name: String, filename: String?)? {
        var name: String?
        var filename: String?
        for parameter in header.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            let value = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2 ? String(pair[1].dropFirst().dropLast()) : pair[1]
            switch pair[0].lowercased() {
            case "name": name = value
            case "filename": filename = value
            default: break
            }
        }
        return name.map { ($0, filename) }
    }

    /// The parts as the parser completes them.
    private final class Parts {
        var headers: [String: String] = [:]
        var body = ByteBuffer()
        var fields: [String: [String]] = [:]
        var files: [File] = []
        var count = 0
        var failed = false

        func complete() {
            defer { headers = [:]; body = ByteBuffer() }
            count += 1
            guard count <= MultipartForm.maxParts, let (name, filename) = headers["content-disposition"].flatMap(MultipartForm.disposition) else {
                failed = true
                return
            }
            if let filename {
                // A file input left empty arrives as a part with no name and no bytes.
                guard !filename.isEmpty || body.readableBytes > 0 else { return }
                // Browsers send the bare name; older ones a Windows path.
                let bare = filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? filename
                files.append(File(field: name, name: bare, contentType: headers["content-type"] ?? "application/octet-stream",
                                  bytes: Data(body.readableBytesView)))
            } else {
                guard body.readableBytes <= MultipartForm.maxFieldBytes, let text = String(validating: body.readableBytesView, as: UTF8.self) else {
                    failed = true
                    return
                }
                fields[name, default: []].append(text)
            }
        }
    }
}
