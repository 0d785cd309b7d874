import Foundation
import GRDB
import MotCuaCore
import MotCuaDefinitions
import MotCuaStore
import Testing

/// `motcua audit checkpoint` and `audit verify --checkpoints` as an administrator runs them,
/// and start-up refusing delivery settings libcurl will not take.
@Suite("motcua audit checkpoint, verify --checkpoints; serve's libcurl check")
struct AuditCommandTests {
    /// A database with two dossiers that went a few steps.
    func database(_ dir: URL) async throws -> (String, [String]) {
        let path = dir.appendingPathComponent("motcua.sqlite").path
        let calendar = DefinitionFiles.calendar(at: CLI.root + "/config/calendar.yaml").calendar!
        let organization = DefinitionFiles.organization(at: CLI.root + "/config/org.yaml").organization!
        let catalog = WorkflowCatalog(DefinitionFiles.workflows(in: [CLI.root + "/workflows"], organization: organization,
                                                                standardDaySeconds: calendar.standardDaySeconds).workflows)
        let store = DossierStore(database: try await StoreDatabase.open(path: path), agencyCode: organization.agencyCode)
        let desk = Actor(id: "u-desk", name: "Bàn", role: .desk, department: "MC")
        let submission = Submission(procedureCode: "1.000173", channel: .direct, applicant: Applicant(name: "Nguyễn Văn A"),
                                    summary: "", documents: [], submittedAt: nil)
        let start = Timestamp.parse("2027-03-01T08:00:00+07:00")!
        var codes: [String] = []
        for i in 0..<2 {
            let code = try await store.open(submission, by: desk, at: start.addingTimeInterval(Double(i)), catalog: catalog,
                                            calendar: calendar).dossier.code
            _ = try await store.perform(Command(action: "forward"), on: code, by: desk, at: start.addingTimeInterval(3600), catalog: catalog,
                                        calendar: calendar)
            codes.append(code)
        }
        return (path, codes)
    }

    @Test("checkpoint, then a rewrite with recomputed hashes: plain verify passes, verify --checkpoints names the dossier")
    func checkpoints() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (db, codes) = try await database(dir)
        let env = ["MOTCUA_AUDIT_KEYFILE": dir.appendingPathComponent("key/checkpoint.key").path]
        let out = dir.appendingPathComponent("published").path
        let made = try await CLI.run(["audit", "checkpoint", "--database", db, "--out", out], environment: env)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains(out))
        let ok = try await CLI.run(["audit", "verify", "--database", db, "--checkpoints", out], environment: env)
        #expect(ok.status == 0 && ok.stdout.contains("1 checkpoints"), "\(ok.stdout) \(ok.stderr)")

        let queue = try DatabaseQueue(path: db)
        try await queue.write { db in
            try db.execute(sql: "DROP TRIGGER events_no_update")
            try db.execute(sql: "UPDATE events SET payload = replace(payload, 'forward', 'stop') WHERE dossier_code = ? AND seq = 2",
                           arguments: [codes[0]])
            var previous = EventChain.genesis
            for row in try Row.fetchAll(db, sql: "SELECT seq, payload FROM events WHERE dossier_code = ? ORDER BY seq", arguments: [codes[0]]) {
                let seq: Int = row["seq"], payload: String = row["payload"]
                let hash = EventChain.hash(previous: previous, code: codes[0], seq: seq, payload: payload)
                try db.execute(sql: "UPDATE events SET prev_hash = ?, hash = ? WHERE dossier_code = ? AND seq = ?",
                               arguments: [previous, hash, codes[0], seq])
                previous = hash
            }
        }
        let plain = try await CLI.run(["audit", "verify", "--database", db], environment: env)
        #expect(plain.status == 0, "the chain alone cannot see a full recomputation: \(plain.stderr)")
        let caught = try await CLI.run(["audit", "verify", "--database", db, "--checkpoints", out], environment: env)
        #expect(caught.status == 1)
        #expect(caught.stderr.contains("dossier \(codes[0])"), "\(caught.stderr)")

        let otherKey = ["MOTCUA_AUDIT_KEYFILE": dir.appendingPathComponent("other.key").path]
        _ = try await CLI.run(["audit", "checkpoint", "--database", db, "--out", dir.appendingPathComponent("x").path], environment: otherKey)
        let foreign = try await CLI.run(["audit", "verify", "--database", db, "--checkpoints", dir.appendingPathComponent("x").path],
                                  environment: env)
        #expect(foreign.status == 1 && foreign.stderr.contains("signature"), "\(foreign.stderr)")
        let noKey = try await CLI.run(["audit", "verify", "--database", db, "--checkpoints", out],
                                environment: ["MOTCUA_AUDIT_KEYFILE": dir.appendingPathComponent("none.key").path])
        #expect(noKey.status == 1 && noKey.stderr.contains("no audit key"), "\(noKey.stderr)")
    }

    @Test("serve refuses at start-up a delivery option libcurl will not take, naming it")
    func curlOptionAtStartUp() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-curl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try await CLI.run(["serve", "--database", dir.appendingPathComponent("m.sqlite").path, "--port", "0"],
                              environment: ["MOTCUA_PORTAL_URL": "http://127.0.0.1:9/", "MOTCUA_PORTAL_DNSSERVERS": "127.0.0.1"],
                              timeout: 20)
        // Debian's libcurl resolves with threads, not c-ares: CURLOPT_DNS_SERVERS is not built in.
        #expect(run.status == 1)
        #expect(run.stderr.contains("libcurl refused CURLOPT_DNS_SERVERS"), "\(run.stderr)")
    }

    @Test("serve refuses a routes file naming an unknown channel, before any message is written")
    func unknownChannel() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-routes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let routes = dir.appendingPathComponent("routes.yaml").path
        try "routes:\n  - {name: receipt-sms, channel: sms, when: {event: created}}\n".write(toFile: routes, atomically: true, encoding: .utf8)
        let run = try await CLI.run(["serve", "--database", dir.appendingPathComponent("m.sqlite").path, "--port", "0"],
                              environment: ["MOTCUA_ROUTES_FILE": routes], timeout: 20)
        #expect(run.status == 1)
        #expect(run.stderr.contains("routes.yaml") && run.stderr.contains("channel"), "\(run.stderr)")
    }

    @Test("the committed fuzz corpora replay clean (every input the fuzzers kept)")
    func fuzzCorpus() async throws {
        let json = try await CLI.runTool("motcua-fuzz-json", [CLI.root + "/Tests/Fuzz/json"])
        #expect(json.status == 0, "\(json.stdout)")
        let yaml = try await CLI.runTool("motcua-fuzz-yaml", [CLI.root + "/Tests/Fuzz/yaml"])
        #expect(yaml.status == 0, "\(yaml.stdout)")
    }
}
