import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import MotCuaCore
import MotCuaStore
import NIOCore

/// `POST /api/v1/documents` (an edXML package the clerk received) and the register books,
/// `GET /api/v1/registers/{book}` (JSON, or CSV with `format=csv`). A document's case is
/// read and acted on through `/api/v1/dossiers/{code}…`, like every case.
struct DocumentRoutes {
    let env: ServerEnvironment

    func register(on router: Router<AppContext>) {
        router.post("/api/v1/documents") { request, context in try await self.receive(request, context) }
        router.post("/api/v1/documents/paper") { request, context in try await self.receivePaper(request, context) }
        router.post("/api/v1/documents/drafts") { request, context in try await self.draft(request, context) }
        router.get("/api/v1/registers/:book") { request, context in try await self.registerBook(request, context) }
        router.get("/api/v1/agencies") { _, context in try await self.agencies(context) }
    }

    func desk() throws -> DocumentDesk {
        guard let desk = env.documents else {
            throw APIError(.notFound, "not_configured", "official documents are not configured on this server (documents.rules in config/motcua.yaml)")
        }
        return desk
    }

    func receive(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try context.caller()
        guard user.role == .clerk else { throw APIError(.forbidden, "forbidden", "only the clerk (văn thư) registers incoming documents") }
        let desk = try desk()
        guard let workflow = env.catalog.documentWorkflow(.incomingDocument) else {
            throw APIError(.notFound, "not_configured", "no incoming-document workflow in workflows/ (kind: incoming_document)")
        }
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/xml") || type.hasPrefix("text/xml") || type.hasPrefix("application/edxml") else {
            throw APIError(.badRequest, "unsupported_content_type", "send the edXML package with Content-Type: application/xml")
        }
        let key = try DossierRoutes(env: env).idempotencyKey(request)
        let hashFile = request.headers[HTTPField.Name("hash-file")!]
        if let hashFile, hashFile.count != 64 || !hashFile.allSatisfy(\.isHexDigit) {
            throw APIError.malformed("hash-file must be the package's SHA-256 in 64 hexadecimal digits")
        }
        let bytes = try await Self.body(request, limit: desk.maxPackageBytes)
        let now = env.now()
        switch desk.read(bytes, hashFile: hashFile, source: .api, workflow: workflow) {
        case let .refused(refusal, _):
            throw APIError(.unprocessableContent, refusal.code, refusal.reason)
        case let .recall(header, original, reason):
            switch try await DocumentRecall.apply(header, original: original, reason: reason, id: bytes.sha256Hex, desk: desk, env: env,
                                                  by: user.actor) {
            case let .recalled(code), let .already(code):
                guard let d = try await env.dossiers.dossier(code) else { throw APIError.notFound("the dossier '\(code)'") }
                return DossierRoutes(env: env).respond(.replayed(status: 200, dossier: d, body: ""), status: 200, for: user)
            case let .refused(why):
                throw APIError(.unprocessableContent, "recall_refused", why)
            }
        case let .accepted(submission, files, registering):
            let routes = DossierRoutes(env: env)
            let keyed = key.map { routes.claim($0, user: user, now: now, hash: bytes.sha256Hex) }
            let answer = try await env.dossiers.receive(submission, files: files, by: user.actor, at: now, catalog: env.catalog,
                                                        calendar: env.calendar, duplicates: desk.rules.duplicates, registering: registering, idempotency: keyed)
            return routes.respond(answer, status: 201, for: user)
        }
    }

    /// A paper document the clerk registers: entered and numbered in one transaction (the
    /// clerk's entry is the registration), in the secret book when marked secret.
    func receivePaper(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try context.caller()
        guard user.role == .clerk else { throw APIError(.forbidden, "forbidden", "only the clerk (văn thư) registers incoming documents") }
        _ = try desk()
        let routes = DossierRoutes(env: env)
        let key = try routes.idempotencyKey(request)
        let body = try await RequestBody.read(request, allowed: PaperDocumentParser.fields)
        let (paper, scan) = try PaperDocumentParser.parse(body)
        let now = env.now()
        let keyed = key.map { routes.claim($0, user: user, now: now, hash: DossierRoutes.requestHash("POST", "/api/v1/documents/paper", body.fields)) }
        let answer = try await entered { try await PaperRegistration(env: env).register(paper, scan: scan, by: user, idempotency: keyed) }
        return routes.respond(answer, status: 201, for: user)
    }

    /// An outgoing document drafted by a specialist, in its department (the drafting unit,
    /// which reviews it): recipients by their codes in the directory of agencies.
    func draft(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try context.caller()
        guard user.role == .specialist, user.department != nil else {
            throw APIError(.forbidden, "forbidden", "outgoing documents are drafted by a specialist of a department")
        }
        _ = try desk()
        let routes = DossierRoutes(env: env)
        let key = try routes.idempotencyKey(request)
        let body = try await RequestBody.read(request, allowed: DraftParser.fields, limit: Self.draftLimit)
        let (draft, files) = try DraftParser.parse(body, directory: try await env.dossiers.agencies())
        let now = env.now()
        let keyed = key.map { routes.claim($0, user: user, now: now, hash: DossierRoutes.requestHash("POST", "/api/v1/documents/drafts", body.fields)) }
        let answer = try await entered { try await DocumentDrafts(env: env).open(draft, files: files, by: user, idempotency: keyed) }
        return routes.respond(answer, status: 201, for: user)
    }

    /// A document entered by an officer, its `DocumentEntryFailure` answered as the API's error.
    func entered(_ entry: () async throws -> CommandAnswer) async throws -> CommandAnswer {
        do {
            return try await entry()
        } catch let failure as DocumentEntryFailure {
            switch failure {
            case let .refused(refusal): throw APIError(.unprocessableContent, refusal.code, refusal.reason)
            case let .notConfigured(what): throw APIError(.notFound, "not_configured", "official documents are not configured on this server: \(what)")
            case .notASpecialist: throw APIError(.forbidden, "forbidden", "outgoing documents are drafted by a specialist of a department")
            case .notAClerk: throw APIError(.forbidden, "forbidden", "only the clerk (văn thư) registers incoming documents")
            }
        }
    }

    /// A draft's body, attachments in base64 included.
    static let draftLimit = 32 << 20

    /// The directory of agencies on the national axis (any officer: recipients of documents).
    func agencies(_ context: AppContext) async throws -> Response {
        let user = try context.caller()
        guard user.role != .portal else { throw APIError(.forbidden, "forbidden", "the directory of agencies is for officers") }
        return JSONValue.array(try await env.dossiers.agencies().map {
            .ordered([("code", .string($0.code)), ("name", .string($0.name)), ("mail", Views.optional($0.mail))])
        }).response()
    }

    /// The body, refused with 413 beyond `limit` (before reading it when the length is announced).
    static func body(_ request: Request, limit: Int) async throws -> [UInt8] {
        let tooLarge = APIError(.contentTooLarge, "too_large", "the package is larger than \(limit >> 20) MiB")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw tooLarge }
        var collected = ByteBuffer()
        for try await var chunk in request.body {
            guard collected.readableBytes + chunk.readableBytes <= limit else { throw tooLarge }
            collected.writeBuffer(&chunk)
        }
        return Array(collected.readableBytesView)
    }

    func registerBook(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try context.caller()
        guard user.role == .clerk || user.role == .director else {
            throw APIError(.forbidden, "forbidden", "the register books are the clerk's and the director's")
        }
        let desk = try desk()
        let id = try context.parameter("book")
        guard let book = desk.rules.book(id) else {
            throw APIError.notFound("the register book '\(id)' (books: \(desk.rules.books.map(\.id).joined(separator: ", ")))")
        }
        let thisYear = env.calendar.local(env.now()).date.year
        guard let year = try request.query("year").map({ Int($0) }) ?? thisYear, (2000...2200).contains(year) else {
            throw APIError.malformed("'year' must be a year such as \(thisYear)")
        }
        guard let after = try request.query("after").map({ Int($0) }) ?? 0, (0...1_000_000_000).contains(after) else {
            throw APIError.malformed("'after' must be a register number")
        }
        let format = try request.query("format") ?? "json"
        guard format == "json" || format == "csv" else { throw APIError.malformed("'format' must be json or csv") }
        let lines = try await env.dossiers.register(book: id, year: year, after: after, limit: format == "csv" ? 100_000 : 500)
        let table = RegisterTable(lines: lines, direction: book.direction, organization: env.organization, calendar: env.calendar)
        if format == "csv" {
            var headers = HTTPFields()
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"so-\(id)-\(year).csv\""
            let text = table.csv
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        return JSONValue.ordered([
            ("book", .string(id)), ("direction", .string(book.direction.rawValue)), ("year", .int(year)),
            ("lines", .array(table.json)),
            ("nextAfter", lines.count == 500 ? .int(lines.last!.number) : .null),
        ]).response()
    }
}

extension [UInt8] {
    /// Lower-case hex SHA-256.
    var sha256Hex: String { Hex.string(SHA256.hash(data: self)) }
}
