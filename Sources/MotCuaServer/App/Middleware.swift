import Foundation
import Hummingbird
import MotCuaStore

/// Every error leaves in the contract's shape; a router 404/405 too.
struct ErrorShapeMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as StoreError {
            throw APIError.from(error)
        } catch let error as HTTPError {
            let code = error.status == .notFound ? "not_found" : error.status == .methodNotAllowed ? "method_not_allowed" : "http_error"
            throw APIError(error.status, code, error.body ?? error.status.reasonPhrase)
        } catch is DecodingError {
            throw APIError.malformed("the request could not be read")
        }
    }
}

/// Bearer-token authentication for `/api/v1/…` (the public lookup excepted).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let users: UserStore

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/api/v1/"), !path.hasPrefix("/api/v1/lookup/") else { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.count <= 300,
              header.lowercased().hasPrefix("bearer ")
        else { throw APIError.unauthorized }
        let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        guard let user = try users.user(forToken: token) else { throw APIError.unauthorized }
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
