import Foundation
import Hummingbird
import HummingbirdTesting
import MotCuaServer
import Testing
import Yams

@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("served at /openapi.yaml, version 3.1, and documents exactly the router's routes")
    func matchesRoutes() async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        let router = MotCuaRouter.build(system.env)
        let routes = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
        try await Application(router: router).test(.router) { client in
            let reply = try await client.call(.get, "/openapi.yaml", token: nil)
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType]?.hasPrefix("application/yaml") == true)
            let document = try #require(try Yams.load(yaml: reply.text) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: Any])
            var documented = Set<String>()
            for (path, item) in paths {
                let routerPath = path
                for method in (item as? [String: Any] ?? [:]).keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                    documented.insert("\(method.uppercased()) \(routerPath)")
                    let operation = (item as? [String: Any])?[method] as? [String: Any]
                    #expect(operation?["operationId"] is String, "\(method) \(path) has no operationId")
                    #expect((operation?["responses"] as? [String: Any])?.isEmpty == false, "\(method) \(path) has no responses")
                }
            }
            #expect(documented.subtracting(routes).isEmpty, "documented but not served: \(documented.subtracting(routes).sorted())")
            #expect(routes.subtracting(documented).isEmpty, "served but not documented: \(routes.subtracting(documented).sorted())")
            #expect(routes.count >= 17)
        }
    }

    @Test("/metrics exposes the domain counters in Prometheus text format")
    func metrics() async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            let created = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["desk"], json: submission())
            _ = try await system.act(client, created["code"] as! String, "forward", as: "desk")
            let reply = try await client.call(.get, "/metrics", token: nil)
            #expect(reply.status == .ok)
            #expect(reply.text.contains("# TYPE motcua_dossiers_logged_total counter"))
            #expect(reply.text.contains(#"motcua_dossiers_logged_total{channel="direct"} 1"#))
            #expect(reply.text.contains(#"motcua_actions_total{action="forward"} 1"#))
        }
    }
}
