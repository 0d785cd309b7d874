import Foundation
import Hummingbird
import NIOCore

/// `/openapi.yaml` and `/metrics`.
struct OperationsRoutes {
    let env: ServerEnvironment

    /// The OpenAPI 3.1 document of the API, shipped with the server.
    static let openAPI: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "openapi: 3.1.0\ninfo: {title: motcua API, version: \"1\"}\npaths: {}\n" }
        return text
    }()

    func register(on router: Router<AppContext>) {
        router.get("/openapi.yaml") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/yaml; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: Self.openAPI)))
        }
        router.get("/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: env.metrics.emitToBuffer())))
        }
    }
}
