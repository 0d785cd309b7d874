import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import MotCuaCore
import MotCuaStore

/// `/api/v1/dossiers…`, `/api/v1/inbox`, `/api/v1/lookup/{code}`.
struct DossierRoutes {
    let env: ServerEnvironment

    func register(on router: Router<AppContext>) {
        router.post("/api/v1/dossiers") { request, context in try await self.create(request, context) }
        router.get("/api/v1/dossiers") { request, context in try await self.list(request, context, inbox: false) }
        router.get("/api/v1/inbox") { request, context in try await self.list(request, context, inbox: true) }
        router.get("/api/v1/inbox/counts") { _, context in try await self.inboxCounts(context) }
        router.get("/api/v1/dossiers/:code") { _, context in try await self.show(context) }
        router.post("/api/v1/dossiers/:code/actions") { request, context in try await self.act(request, context) }
        router.get("/api/v1/dossiers/:code/events") { _, context in try await self.events(context) }
        router.get("/api/v1/dossiers/:code/deadline") { _, context in try await self.deadline(context) }
        router.get("/api/v1/lookup/:code") { _, context in try await self.lookup(context) }
        router.get("/api/v1/dossiers/:code/access-log") { _, context in try await self.accessLog(context) }
    }

    func workflow(of d: Dossier) -> Workflow? { env.catalog.workflow(id: d.workflowID, version: d.workflowVersion) }

    func access(_ d: Dossier, for user: User) -> ReadAccess { ReadPolicy.access(d, by: user.actor, workflow: workflow(of: d)) }

    /// The dossier's view for the caller as JSON bytes, written once per version and reader kind.
    func renderedBytes(_ d: Dossier, for user: User, access: ReadAccess) -> [UInt8] {
        env.rendered.bytes(d, role: user.role, department: user.department, access: access) {
            Views.dossier(d, workflow: workflow(of: d), for: user, access: access, calendar: env.calendar)
        }
    }

    /// The caller, the dossier named in the path and what the caller may see of it; 404 when
    /// the dossier does not exist or the caller may not see it (no existence leak).
    func readable(_ context: AppContext) async throws -> (User, Dossier, ReadAccess) {
        let user = try context.caller()
        let code = try context.parameter("code")
        guard let d = try await env.dossiers.dossier(code) else { throw APIError.notFound("the dossier '\(code)'") }
        let access = self.access(d, for: user)
        guard access != .none else { throw APIError.notFound("the dossier '\(code)'") }
        return (user, d, access)
    }

    /// Records that `user` saw these dossiers' personal data through `view`.
    func logged(_ dossiers: [Dossier], by user: User, view: String) async throws {
        let now = env.now()
        try await env.dossiers.recordAccess(dossiers.map { AccessEntry(dossierCode: $0.code, reader: user.actor, view: view, at: now) })
    }

    func create(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try context.caller()
        guard user.role == .desk || user.role == .portal else {
            throw APIError(.forbidden, "forbidden", "only the desk and the portal log submissions")
        }
        let key = try idempotencyKey(request)
        let body = try await RequestBody.read(request, allowed: SubmissionParser.fields)
        let now = env.now()
        let submission = try SubmissionParser.parse(body, caller: user, now: now)
        let keyed = key.map { claim($0, user: user, now: now, hash: Self.requestHash("POST", "/api/v1/dossiers", body.fields)) }
        let answer = try await env.dossiers.open(submission, by: user.actor, at: now, catalog: env.catalog, calendar: env.calendar,
                                                 idempotency: keyed)
        if case .applied = answer { Counters.dossiersLogged(env.metrics, channel: submission.channel.rawValue).increment() }
        return respond(answer, status: 201, for: user)
    }

    func act(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try context.caller()
        let code = try context.parameter("code")
        let key = try idempotencyKey(request)
        let expected = try ifMatch(request)
        let body = try await RequestBody.read(request, allowed: ["action", "note", "reason", "items", "assignee", "newDueAt", "lead", "cooperating", "opinion", "opinionDueAt"])
        let now = env.now()
        // A caller who may not see the dossier learns nothing of it, not even a 403.
        guard let current = try await env.dossiers.dossier(code), access(current, for: user) != .none else {
            throw APIError.notFound("the dossier '\(code)'")
        }
        var command = try await ActionParser.parse(body, users: env.users, now: now)
        command.expectedVersion = expected
        for (field, code) in [("lead", command.lead)] + (command.cooperating ?? []).map({ ("cooperating", $0) }) {
            guard let code, !env.organization.hasDepartment(code) else { continue }
            throw APIError(.unprocessableContent, "invalid_field", "'\(field)' names '\(code)', which is not a department of config/org.yaml",
                           details: ["field": .string(field)])
        }
        // Hashed only for a keyed request: the hash is what a retry with the key is compared with.
        let keyed = key.map { key in
            claim(key, user: user, now: now, hash: Self.requestHash("POST", request.uri.path,
                                                                   body.fields.merging(["_ifMatch": expected.map { .int($0) } ?? .null]) { a, _ in a }))
        }
        let answer = try await env.dossiers.perform(command, on: code, by: user.actor, at: now, catalog: env.catalog,
                                                    calendar: env.calendar, idempotency: keyed)
        if case .applied = answer { Counters.actions(env.metrics, action: command.action).increment() }
        try await logged([current], by: user, view: "action")
        return respond(answer, status: 200, for: user)
    }

    func claim(_ key: String, user: User, now: Date, hash: String) -> IdempotencyClaim {
        IdempotencyClaim(user: user.id, key: key, requestHash: hash, notBefore: now.addingTimeInterval(-env.idempotencyLifetime))
    }

    /// The answer to a command, rendered for the caller outside the writer; a replay shows
    /// the dossier as the first request left it.
    func respond(_ answer: CommandAnswer, status: Int, for user: User) -> Response {
        let (code, dossier): (Int, Dossier)
        switch answer {
        case let .applied(result): (code, dossier) = (status, result.dossier)
        case let .replayed(first, d?, _): (code, dossier) = (first, d)
        case let .replayed(first, nil, body): return Response.json(Array(body.utf8), status: HTTPResponse.Status(code: first))
        }
        return Response.json(renderedBytes(dossier, for: user, access: access(dossier, for: user)), status: HTTPResponse.Status(code: code))
    }

    func show(_ context: AppContext) async throws -> Response {
        let (user, d, access) = try await readable(context)
        var headers = HTTPFields()
        headers[.eTag] = "\"\(d.version)\""
        let body = renderedBytes(d, for: user, access: access)
        try await logged([d], by: user, view: "dossier")
        return Response.json(body, headers: headers)
    }

    func events(_ context: AppContext) async throws -> Response {
        let (user, d, access) = try await readable(context)
        let body = JSONValue.array(try await env.dossiers.events(d.code).map { Views.event($0, access: access, calendar: env.calendar) })
        try await logged([d], by: user, view: "events")
        return body.response()
    }

    /// How the appointment was computed (no personal data: not written to the access log).
    func deadline(_ context: AppContext) async throws -> Response {
        let (_, d, access) = try await readable(context)
        guard let workflow = workflow(of: d) else { throw APIError.notFound("the workflow of the dossier '\(d.code)'") }
        let events = try await env.dossiers.events(d.code).map(\.event)
        let explanation = AppointmentExplanation.explain(events, workflow: workflow, calendar: env.calendar, now: env.now())
        return Views.appointment(explanation, code: d.code, access: access, calendar: env.calendar).response()
    }

    func accessLog(_ context: AppContext) async throws -> Response {
        let user = try context.caller()
        guard user.role == .director || user.role == .admin else {
            throw APIError(.forbidden, "forbidden", "only the director and the admin read the access log")
        }
        let code = try context.parameter("code")
        guard try await env.dossiers.dossier(code) != nil else { throw APIError.notFound("the dossier '\(code)'") }
        return JSONValue.array(try await env.dossiers.accessLog(dossier: code).map { e in
            .ordered([("at", Views.time(e.at, env.calendar)), ("view", .string(e.view)),
                      ("user", .ordered([("id", .string(e.reader.id)), ("name", .string(e.reader.name)),
                                         ("role", .string(e.reader.role.rawValue)), ("department", Views.optional(e.reader.department))]))])
        }).response()
    }

    func lookup(_ context: AppContext) async throws -> Response {
        let code = try context.parameter("code")
        guard let d = try await env.dossiers.dossier(code) else { throw APIError.notFound("the dossier '\(code)'") }
        let workflow = env.catalog.workflow(id: d.workflowID, version: d.workflowVersion)
        let state = workflow?.states[d.state]
        return JSONValue.ordered([
            ("code", .string(d.code)), ("procedure", Views.optional(workflow?.procedure?.name)),
            ("state", .string(d.state)), ("stateLabel", Views.optional(state?.label)),
            ("portalStatus", state.map { .int($0.portalStatus) } ?? .null),
            ("receivedAt", Views.time(d.receivedAt, env.calendar)), ("dueAt", Views.time(d.dueAt, env.calendar)),
            ("finishedAt", Views.time(d.finishedAt, env.calendar)), ("returnedAt", Views.time(d.returnedAt, env.calendar)),
        ]).response()
    }

    /// Badges: how many dossiers wait for the caller, per state (no personal data, not logged).
    func inboxCounts(_ context: AppContext) async throws -> Response {
        let user = try context.caller()
        let counts = try await env.dossiers.inboxCounts(queues: WorkQueue.keys(role: user.role, department: user.department, userID: user.id))
        return JSONValue.ordered([
            ("total", .int(counts.values.reduce(0, +))),
            ("byState", .ordered(counts.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
        ]).response()
    }

    func list(_ request: Request, _ context: AppContext, inbox: Bool) async throws -> Response {
        let user = try context.caller()
        let limitText = try request.query("limit")
        guard let limit = limitText.map({ Int($0) }) ?? 50, (1...200).contains(limit) else {
            throw APIError.malformed("'limit' must be a number from 1 to 200")
        }
        var filter = DossierStore.Filter(state: try request.query("state"), department: try request.query("department"),
                                         procedure: try request.query("procedure"))
        if let overdue = try request.query("overdue") {
            guard overdue == "true" || overdue == "false" else { throw APIError.malformed("'overdue' must be true or false") }
            if overdue == "true" { filter.overdueAt = env.now() }
        }
        if inbox {
            var cursor: InboxCursor?
            if let c = try request.query("cursor") {
                guard let parsed = InboxCursor(text: c) else { throw APIError.malformed("'cursor' is not a cursor from a previous page") }
                cursor = parsed
            }
            let page = try await Worklist(env: env).page(for: user, filter: filter, limit: limit, after: cursor, view: "inbox")
            return Response.json(listBody(page.items.map { ($0.dossier, $0.access) }, next: page.next?.text, for: user))
        }
        filter.scope = ReadPolicy.listScope(role: user.role, department: user.department, workflows: env.catalog.all)
        var cursor: Int64?
        if let c = try request.query("cursor") {
            guard let value = Int64(c), value >= 0 else { throw APIError.malformed("'cursor' is not a cursor from a previous page") }
            cursor = value
        }
        let page = try await env.dossiers.list(filter, limit: limit, after: cursor)
        // The store filtered by scope; the policy is asked again per dossier, so a dossier on
        // a workflow version the scope did not foresee is still never shown.
        let visible = page.items.map { ($0, access($0, for: user)) }.filter { $0.1 != .none }
        let body = listBody(visible, next: page.next.map { String($0) }, for: user)
        try await logged(visible.map(\.0), by: user, view: "list")
        return Response.json(body)
    }

    /// `{"items": [...], "nextCursor": …}` of views rendered for the caller.
    func listBody(_ visible: [(Dossier, ReadAccess)], next: String?, for user: User) -> [UInt8] {
        var body: [UInt8] = Array(#"{"items":["#.utf8)
        for (i, (d, access)) in visible.enumerated() {
            if i > 0 { body.append(UInt8(ascii: ",")) }
            body += renderedBytes(d, for: user, access: access)
        }
        body += #"],"nextCursor":"#.utf8
        body += (next.map { JSONValue.string($0) } ?? .null).bytes
        body.append(UInt8(ascii: "}"))
        return body
    }

    func idempotencyKey(_ request: Request) throws -> String? {
        guard let key = request.headers[HTTPField.Name("Idempotency-Key")!] else { return nil }
        guard !key.isEmpty, key.utf8.count <= 200, key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw APIError.malformed("Idempotency-Key must be 1–200 visible ASCII characters")
        }
        return key
    }

    func ifMatch(_ request: Request) throws -> Int? {
        guard let raw = request.headers[.ifMatch] else { return nil }
        let digits = raw.replacingOccurrences(of: "W/", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        guard let version = Int(digits), version >= 0, version < 1_000_000_000 else {
            throw APIError.malformed("If-Match must be the dossier's version, e.g. If-Match: 5")
        }
        return version
    }

    static func requestHash(_ method: String, _ path: String, _ fields: [String: JSONValue]) -> String {
        let text = method + " " + path + " " + JSONValue.object(fields).text
        return Hex.string(SHA256.hash(data: Data(text.utf8)))
    }
}
