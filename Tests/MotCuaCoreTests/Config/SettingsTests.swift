import Foundation
import MotCuaDefinitions
import Testing

@Suite("Configuration and environment overrides")
struct SettingsTests {
    @Test("MOTCUA_<KEY_PATH> overrides the file, also for keys the file does not mention")
    func overrides() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-\(UUID().uuidString).yaml")
        try "server:\n  port: 8080\nportal:\n  url: http://a\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let s = try Settings.load(file: file.path, environment: ["MOTCUA_PORTAL_URL": "http://b", "MOTCUA_PORTAL_TIMEOUTMS": "1500",
                                                                 "PATH": "/bin", "MOTCUA_SMTP_URL": "smtp://x"])
        #expect(s["server.port"] == "8080")
        #expect(try s.int("server.port", default: 1) == 8080)
        #expect(s["portal.url"] == "http://b")
        #expect(try s.int("portal.timeoutMs", default: 10_000) == 1500)
        #expect(s["smtp.url"] == "smtp://x")
        #expect(s["nothing.here"] == nil)
        #expect(throws: (any Error).self) { try Settings(values: ["server.port": "eighty"]).int("server.port", default: 1) }
    }
}
