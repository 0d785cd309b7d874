import Foundation
import Hummingbird
import MotCuaCore
import MotCuaStore

extension JSONValue {
    /// A JSON response.
    func response(_ status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        Response.json(bytes, status: status, headers: extra)
    }
}

extension Response {
    /// A response carrying JSON already written as UTF-8 bytes.
    static func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
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
        // The router hands the segment over still percent-encoded; characters are counted
        // as JSON Schema's maxLength counts them: code points of the decoded text.
        // Most segments (dossier codes) have nothing to decode: Foundation's decoding, through
        // an NSString, was 1.5% of the server's CPU under lookups.
        guard let raw = parameters.get(name), raw.utf8.count <= 2400,
              case let value = raw.utf8.contains(UInt8(ascii: "%")) ? raw.removingPercentEncoding ?? raw : raw,
              !value.isEmpty, value.unicodeScalars.count <= 200 else {
            throw APIError.malformed("missing or overlong path parameter '\(name)'")
        }
        return value
    }
}

extension Request {
    /// A query parameter, bounded in length; present but empty is refused (leave it out
    /// instead), so that `?cursor=` is not silently the first page.
    func query(_ name: String) throws -> String? {
        guard let value = uri.queryParameters.get(name) else { return nil }
        guard !value.isEmpty else { throw APIError.malformed("query parameter '\(name)' is empty; leave it out instead") }
        guard value.unicodeScalars.count <= 200 else { throw APIError.malformed("query parameter '\(name)' is too long") }
        return value
    }
}
