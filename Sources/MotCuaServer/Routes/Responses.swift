import Foundation
import Hummingbird
import MotCuaCore
import MotCuaStore

extension JSONValue {
    /// A JSON response.
    func response(_ status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension AppContext {
    /// The authenticated user (the auth middleware guarantees one under /api/v1).
    func caller() throws -> User {
        guard let user else { throw APIError.unauthorized }
        return user
    }

    /// A path parameter.
    func parameter(_ name: String) throws -> String {
        guard let value = parameters.get(name), !value.isEmpty, value.utf8.count <= 200 else {
            throw APIError.malformed("missing or overlong path parameter '\(name)'")
        }
        return value
    }
}

extension Request {
    /// A query parameter, bounded in length.
    func query(_ name: String) throws -> String? {
        guard let value = uri.queryParameters.get(name), !value.isEmpty else { return nil }
        guard value.utf8.count <= 200 else { throw APIError.malformed("query parameter '\(name)' is too long") }
        return value
    }
}
