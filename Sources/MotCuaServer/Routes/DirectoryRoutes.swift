import Foundation
import GRDB
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
            return JSONValue.array(try env.users.users(role: role, department: try request.query("department")).map { Views.user($0) }).response()
        }
        router.get("/api/v1/procedures") { _, context in
            _ = try context.caller()
            return JSONValue.array(env.catalog.procedures.map(procedure)).response()
        }
        router.get("/api/v1/workflows/:id") { _, context in
            _ = try context.caller()
            let id = try context.parameter("id")
            let parts = id.split(separator: "@", maxSplits: 1).map(String.init)
            let candidates = env.catalog.all.filter { $0.id == parts[0] && (parts.count == 1 || String($0.version) == parts[1]) }
            guard let w = candidates.max(by: { $0.version < $1.version }) else { throw APIError.notFound("the workflow '\(id)'") }
            return workflow(w).response()
        }
        router.get("/api/v1/dossiers/:code/deliveries") { _, context in
            _ = try context.caller()
            let code = try context.parameter("code")
            guard try env.dossiers.dossier(code) != nil else { throw APIError.notFound("the dossier '\(code)'") }
            return JSONValue.array(try env.dossiers.outbox(dossier: code).map { row in
                var value = outboxRow(row)
                if case let .ordered(pairs) = value {
                    let attempts = try env.dossiers.attempts(of: row.id).map { a in
                        JSONValue.ordered([("at", Views.time(a.at, env.calendar)), ("status", a.status.map { .int($0) } ?? .null),
                                           ("error", Views.optional(a.error)), ("ms", .int(Int(a.milliseconds.rounded())))])
                    }
                    value = .ordered(pairs + [("attempts", .array(attempts))])
                }
                return value
            }).response()
        }
        router.get("/api/v1/outbox") { request, context in
            try admin(context)
            let status = try request.query("status")
            if let status, !["pending", "dead", "delivered"].contains(status) {
                throw APIError.malformed("'status' must be pending, dead or delivered")
            }
            return JSONValue.array(try env.dossiers.outbox(status: status).map(outboxRow)).response()
        }
        router.post("/api/v1/outbox/:id/retry") { _, context in
            try admin(context)
            let id = try context.parameter("id")
            guard try env.dossiers.retryOutbox(id: id, at: env.now()) else { throw APIError.notFound("the delivery '\(id)'") }
            return JSONValue.ordered([("id", .string(id)), ("status", "pending")]).response()
        }
    }

    func admin(_ context: AppContext) throws {
        guard try context.caller().role == .admin else { throw APIError(.forbidden, "forbidden", "only an admin manages deliveries") }
    }

    func procedure(_ w: Workflow) -> JSONValue {
        let p = w.procedure!
        return .ordered([
            ("code", .string(p.code)), ("nationalCode", Views.optional(p.nationalCode)), ("name", .string(p.name)),
            ("field", .ordered([("code", .string(p.fieldCode)), ("name", .string(p.fieldName))])),
            ("deadline", .ordered([("value", p.deadline.value == p.deadline.value.rounded() ? .int(Int(p.deadline.value)) : .double(p.deadline.value)),
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

    func outboxRow(_ r: OutboxRow) -> JSONValue {
        .ordered([("id", .string(r.id)), ("dossier", .string(r.dossierCode)), ("channel", .string(r.channel)),
                  ("target", .string(r.target)), ("status", .string(r.status)), ("attemptCount", .int(r.attempts)),
                  ("nextAttemptAt", Views.time(r.nextAttemptAt, env.calendar)), ("lastError", Views.optional(r.lastError))])
    }
}
