import Foundation
import HTTPTypes
import Hummingbird
import MotCuaStore

/// Every error leaves in the contract's shape: the client's mistakes as 4xx, a busy or
/// unreachable database as 503 `database_unavailable` with `Retry-After`, and anything else
/// as 500 `internal_error` with a request id that is also logged (never a bare 500, never
/// a 400 for what the client did not cause). A known path with an undeclared method is 405
/// with `Allow`.
struct ErrorShapeMiddleware: RouterMiddleware {
    typealias Context = AppContext
    /// Method and path pattern of every route, for 405 and `Allow`.
    let routes: RouteTableBox
    /// The HTML page for an unknown path outside the API, when the console is served.
    var pageNotFound: (@Sendable () -> Response)?

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as StoreError {
            throw APIError.from(error)
        } catch let error as HTTPError {
            if error.status == .notFound, let allowed = routes.methods(for: request.uri.path), !allowed.contains(request.method) {
                throw APIError(.methodNotAllowed, "method_not_allowed", "\(request.method.rawValue) is not allowed here",
                               details: ["allow": .array(allowed.map { .string($0.rawValue) })],
                               headers: [.allow: allowed.map(\.rawValue).joined(separator: ", ")])
            }
            if error.status == .notFound, let page = pageNotFound, request.method == .get || request.method == .head,
               !request.uri.path.hasPrefix("/api/"), routes.methods(for: request.uri.path) == nil {
                return page()
            }
            let code = error.status == .notFound ? "not_found" : error.status == .methodNotAllowed ? "method_not_allowed" : "http_error"
            if error.status.code >= 500 { throw internalError(error, context) }
            throw APIError(error.status, code, error.body ?? error.status.reasonPhrase)
        } catch {
            if case let .unavailable(reason)? = StoreFault.classify(error) {
                context.logger.warning("database unavailable", metadata: ["reason": "\(reason)"])
                throw APIError(.serviceUnavailable, "database_unavailable", "\(reason); try again in a few seconds",
                               headers: [.retryAfter: "2"])
            }
            throw internalError(error, context)
        }
    }

    /// A 500 whose id ties the answer to the log line that says what happened.
    func internalError(_ error: any Error, _ context: AppContext) -> APIError {
        let id = context.requestID
        context.logger.error("internal error", metadata: ["requestId": "\(id)", "error": "\(String(describing: error).prefix(500))"])
        return APIError(.internalServerError, "internal_error",
                        "something went wrong on the server; quote request id \(id) to the administrator",
                        details: ["requestId": .string(id)], headers: [HTTPField.Name("X-Request-Id")!: id])
    }
}

/// Bearer-token authentication for `/api/v1/…` (the public lookup excepted).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let users: UserStore
    let cache = TokenCache()

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/api/v1/"), !path.hasPrefix("/api/v1/lookup/") else { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.count <= 300,
              header.lowercased().hasPrefix("bearer ")
        else { throw APIError.unauthorized }
        let raw = header.dropFirst(7)
        // Foundation's trimming walks CharacterSet for every request; a token rarely has
        // spaces around it.
        let token = raw.first?.isWhitespace == true || raw.last?.isWhitespace == true ? raw.trimmingCharacters(in: .whitespaces) : String(raw)
        guard let user = try await cache.user(forToken: token, lookup: { try await users.user(forToken: $0) }) else {
            throw APIError.unauthorized
        }
        var context = context
        context.user = user
        return try await next(request, context)
    }
}

/// One structured log line per request: method, route, status, duration. No bodies, no
/// tokens, no personal data (dossier codes are not personal).
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        func log(_ status: Int) {
            let ms = (ContinuousClock.now - start).components
            context.logger.info("request", metadata: [
                "method": "\(request.method.rawValue)", "route": "\(context.endpointPath ?? "-")", "status": "\(status)",
                "ms": "\(Double(ms.seconds) * 1000 + Double(ms.attoseconds) / 1e15)",
            ])
        }
        do {
            let response = try await next(request, context)
            log(response.status.code)
            return response
        } catch let error as any HTTPResponseError {
            log(error.status.code)
            throw error
        }
    }
}
