import Foundation
import Hummingbird
import MotCuaCore
import MotCuaStore

/// `/healthz`, `/api/v1/me`, `/api/v1/users`, `/api/v1/procedures`, `/api/v1/workflows/{id}`, outbox.
struct DirectoryRoutes {
    let env: ServerEnvironment

    func register(on router: Router<AppContext>) {
        router.get("/healthz") { _, _ in JSONValue.ordered([("status", "ok")]).response() }
        router.get("/api/v1/me") { _, context in Views.user(try context.caller(), withUsername: true).response() }
        router.get("/api/v1/users") { request, context in
            _ = try context.caller()
            var role: Role?
            if let r = try request.query("role") {
                guard let parsed = Role(rawValue: r) else { throw APIError.malformed("unknown role '\(r)'") }
                role = parsed
            }
            return JSONValue.array(try await env.users.users(role: role, department: try request.query("department")).map { Views.user($0) }).response()
        }
        router.get("/api/v1/procedures") { _, context in
            _ = try context.caller()
            return JSONValue.array(env.catalog.procedures.map(procedure)).response()
        }
        router.get("/api/v1/workflows/:id") { _, context in
            _ = try context.caller()
            let id = try context.parameter("id")
            guard let w = Self.workflow(named: id, in: env.catalog) else { throw APIError.notFound("the workflow '\(id)'") }
            return workflow(w).response()
        }
        router.get("/api/v1/dossiers/:code/deliveries") { _, context in
            let (user, dossier, access) = try await DossierRoutes(env: env).readable(context)
            let rows = try await env.dossiers.outbox(dossier: dossier.code).filter { access == .whole || $0.channel == .portal }
            try await env.dossiers.recordAccess([AccessEntry(dossierCode: dossier.code, reader: user.actor, view: "deliveries", at: env.now())])
            return JSONValue.array(rows.map { row in
                guard case let .ordered(pairs) = outboxRow(row) else { return outboxRow(row) }
                let attempts = row.attemptLog.map { a in
                    JSONValue.ordered([("at", Views.time(a.at, env.calendar)), ("status", a.status.map { .int($0) } ?? .null),
                                       ("error", Views.optional(a.error)), ("ms", .int(Int(saturating: a.milliseconds)))])
                }
                return .ordered(pairs + [("attempts", .array(attempts))])
            }).response()
        }
        router.get("/api/v1/outbox") { request, context in
            try admin(context)
            var status: OutboxStatus?
            if let text = try request.query("status") {
                guard let parsed = OutboxStatus(rawValue: text) else { throw APIError.malformed("'status' must be pending, dead or delivered") }
                status = parsed
            }
            // The admin runs deliveries but does not process citizens' data: addresses are masked.
            return JSONValue.array(try await env.dossiers.outbox(status: status).map { outboxRow($0, masked: true) }).response()
        }
        router.post("/api/v1/outbox/:id/retry") { _, context in
            try admin(context)
            let id = try context.parameter("id")
            guard try await env.dossiers.retryOutbox(id: id, at: env.now()) else { throw APIError.notFound("the delivery '\(id)'") }
            return JSONValue.ordered([("id", .string(id)), ("status", "pending")]).response()
        }
    }

    func admin(_ context: AppContext) throws {
        guard try context.caller().role == .admin else { throw APIError(.forbidden, "forbidden", "only an admin manages deliveries") }
    }

    /// `id` or `id@version`; the newest version when none is given. Total: any text in.
    static func workflow(named text: String, in catalog: WorkflowCatalog) -> Workflow? {
        var id = text, version: Int?
        if let at = text.firstIndex(of: "@") {
            id = String(text[..<at])
            guard let v = Int(text[text.index(after: at)...]) else { return nil }
            version = v
        }
        return catalog.all.filter { $0.id == id && (version == nil || $0.version == version) }.max { $0.version < $1.version }
    }

    func procedure(_ w: Workflow) -> JSONValue {
        guard let p = w.procedure else { return .null }
        return .ordered([
            ("code", .string(p.code)), ("nationalCode", Views.optional(p.nationalCode)), ("name", .string(p.name)),
            ("field", .ordered([("code", .string(p.fieldCode)), ("name", .string(p.fieldName))])),
            ("deadline", .ordered([("value", Int(exactly: p.deadline.value).map { .int($0) } ?? .double(p.deadline.value)),
                                   ("unit", .string(p.deadline.unit.rawValue))])),
            ("level", .string(p.level.rawValue)), ("department", .string(p.department)),
            ("workflow", .ordered([("id", .string(w.id)), ("version", .int(w.version))])),
        ])
    }

    func workflow(_ w: Workflow) -> JSONValue {
        let states: [JSONValue] = w.stateOrder.compactMap { w.states[$0] }.map { s in
            .ordered([("id", .string(s.id)), ("label", .string(s.label)),
                      ("owner", s.owner.map { .ordered([("role", .string($0.role.rawValue)), ("department", Views.optional($0.department))]) } ?? .null),
                      ("portalStatus", .int(s.portalStatus)), ("clock", .string(s.clock.rawValue)), ("terminal", .bool(s.terminal)),
                      ("step", .bool(s.isStep)), ("share", Views.optional(s.share?.description))])
        }
        let transitions: [JSONValue] = w.transitions.map { t in
            let to: JSONValue = switch t.target {
            case let .state(id): .string(id)
            case .stay: "$stay"
            case .back: "$return"
            }
            return .ordered([("action", .string(t.action)), ("from", .string(t.from)), ("to", to), ("label", .string(t.label)),
                             ("allowed", .array(t.allowed.map { .string($0.description) })),
                             ("requires", .array(t.requires.map { .string($0.rawValue) })), ("once", .bool(t.oncePerDossier))])
        }
        return .ordered([("id", .string(w.id)), ("version", .int(w.version)), ("name", .string(w.name)),
                         ("procedure", w.procedure.map(procedureOnly) ?? .null),
                         ("states", .array(states)), ("transitions", .array(transitions))])
    }

    func procedureOnly(_ p: Procedure) -> JSONValue {
        .ordered([("code", .string(p.code)), ("name", .string(p.name))])
    }

    func outboxRow(_ r: OutboxRow, masked: Bool = false) -> JSONValue {
        .ordered([("id", .string(r.id)), ("dossier", r.dossierCode.isEmpty ? .null : .string(r.dossierCode)), ("channel", .string(r.channel.rawValue)),
                  ("target", .string(masked ? DeliveryTarget.masked(r.target) : r.target)), ("status", .string(r.status.rawValue)),
                  ("attemptCount", .int(r.attempts)),
                  ("nextAttemptAt", Views.time(r.nextAttemptAt, env.calendar)), ("lastError", Views.optional(r.lastError))])
    }
}

/// How the admin sees a delivery's target: the admin runs deliveries but does not process
/// citizens' data, so e-mail addresses are masked (the API's outbox and the console alike).
public enum DeliveryTarget {
    /// `nguyenvana@example.vn` → `n***@example.vn`: enough to see which domain refuses.
    public static func masked(_ address: String) -> String {
        guard let at = address.firstIndex(of: "@"), at > address.startIndex else { return address }
        return String(address[address.startIndex]) + "***" + address[at...]
    }
}
