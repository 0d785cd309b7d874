import Foundation
public import Hummingbird
public import MotCuaCore
import MotCuaStore

/// An error in the contract's shape: `{"error": {"code", "message", "details"}}`.
public struct APIError: Error, HTTPResponseError, Sendable {
    /// HTTP status.
    public let status: HTTPResponse.Status
    /// snake_case code.
    public let code: String
    /// Human text: what is wrong and what to do.
    public let message: String
    /// Extra context (field, state, current version …).
    public let details: [String: JSONValue]

    /// Extra response headers (`Retry-After`, `Allow`, `X-Request-Id`).
    public let headers: HTTPFields

    /// An error.
    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, details: [String: JSONValue] = [:],
                headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    /// The JSON response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = JSONValue.object(["error": .object(["code": .string(code), "message": .string(message), "details": .object(details)])])
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body.data)))
    }

    static func malformed(_ message: String, details: [String: JSONValue] = [:]) -> APIError {
        APIError(.badRequest, "malformed_request", message, details: details)
    }

    static let unauthorized = APIError(.unauthorized, "unauthorized",
                                       "missing or unknown token; send Authorization: Bearer <token>")

    static func notFound(_ what: String) -> APIError { APIError(.notFound, "not_found", "\(what) does not exist") }

    /// The HTTP form of a store or engine refusal.
    static func from(_ error: StoreError) -> APIError {
        switch error {
        case let .dossierNotFound(code): return APIError(.notFound, "not_found", "no dossier '\(code)'")
        case let .unknownProcedure(code):
            return APIError(.unprocessableContent, "unknown_procedure", "no procedure '\(code)'; GET /api/v1/procedures lists them",
                            details: ["procedureCode": .string(code)])
        case let .workflowMissing(id, version):
            return APIError(.unprocessableContent, "workflow_missing", "the dossier's workflow \(id) v\(version) is not loaded")
        case .idempotencyKeyReused:
            return APIError(.conflict, "idempotency_key_reused", "this Idempotency-Key was used for a different request")
        case let .duplicateDocument(original, reason):
            return APIError(.conflict, "duplicate_document", "this document is already registered as \(original): \(reason)",
                            details: ["original": .string(original)])
        case let .supersessionRefused(original, reason):
            return APIError(.unprocessableContent, "update_refused", "the update or replacement of \(original) cannot be taken: \(reason)",
                            details: ["original": .string(original)])
        case let .rejected(rejection):
            return from(rejection)
        }
    }

    static func from(_ r: Rejection) -> APIError {
        switch r {
        case let .invalidAction(action, state, available):
            return APIError(.unprocessableContent, r.code, r.description,
                            details: ["action": .string(action), "state": .string(state), "available": .array(available.map(JSONValue.string))])
        case let .forbidden(action, state, allowed):
            return APIError(.forbidden, r.code, r.description,
                            details: ["action": .string(action), "state": .string(state),
                                      "allowed": .array(allowed.map { .string($0.description) })])
        case let .missingField(field, _):
            return APIError(.unprocessableContent, r.code, r.description, details: ["field": .string(field.rawValue)])
        case let .invalidField(field, _):
            return APIError(.unprocessableContent, r.code, r.description, details: ["field": .string(field)])
        case .alreadyUsed:
            return APIError(.unprocessableContent, r.code, r.description)
        case let .versionConflict(expected, actual):
            return APIError(.conflict, r.code, r.description, details: ["expected": .int(expected), "current": .int(actual)])
        }
    }
}
