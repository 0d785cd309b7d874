import Foundation
import Testing

@Suite("motcua users, audit, bench")
struct DataCommandTests {
    func temporary() throws -> String { try CLI.temporaryDatabase() }

    @Test("users add prints a token once; bad roles and departments are refused")
    func usersAdd() async throws {
        let db = try temporary()
        let added = try await CLI.run(["users", "add", "Nguyễn Thị Mai", "--role", "desk", "--department", "MC", "--database", db])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("created nguyen.thi.mai"))
        let token = added.stdout.split(separator: "\n").first { $0.hasPrefix("token: ") }?.dropFirst(7)
        #expect(token?.hasPrefix("mct_") == true && token!.count == 52)
        let again = try await CLI.run(["users", "add", "Nguyễn Thị Mai", "--role", "desk", "--department", "MC", "--database", db])
        #expect(again.status == 1)
        #expect(again.stderr.contains("taken"))
        let director = try await CLI.run(["users", "add", "Phạm Minh Đức", "--role", "director", "--database", db])
        #expect(director.status == 0)
        #expect(director.stdout.contains("created pham.minh.duc"))
        for (args, status, mention) in [
            (["users", "add", "A", "--role", "king"], Int32(2), "unknown role"),
            (["users", "add", "A", "--role", "specialist"], Int32(1), "needs a department"),
            (["users", "add", "A", "--role", "specialist", "--department", "NOPE"], Int32(1), "unknown department"),
            (["users", "add", "A", "--role", "director", "--department", "QLCN"], Int32(1), "belongs to no department"),
            (["users", "add", "", "--role", "desk", "--department", "MC"], Int32(2), "name"),
            (["users", "add", "A", "--role", "desk", "--department", "MC", "--username", "bad name!"], Int32(1), "usable username"),
            (["users", "add", "A", "--role", "desk", "--department", "MC", "--database", "postgres://x"], Int32(1), "no database name"),
            (["users", "add", "A", "--role", "desk", "--department", "MC", "--config", "/nonexistent.yaml"], Int32(1), "nonexistent"),
        ] {
            let run = try await CLI.run(args + (args.contains("--database") ? [] : ["--database", db]))
            #expect(run.status == status, "\(args): \(run.stderr)")
            #expect(run.stderr.contains(mention), "\(args): \(run.stderr)")
        }
    }

    @Test("users revoke and deactivate: tokens gone, the user kept; unknown users refused")
    func usersRevokeDeactivate() async throws {
        let db = try temporary()
        #expect(try await CLI.run(["users", "add", "Nguyễn Thị Mai", "--role", "desk", "--department", "MC", "--database", db]).status == 0)
        let revoked = try await CLI.run(["users", "revoke", "nguyen.thi.mai", "--database", db])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(revoked.stdout.contains("1 token(s) of nguyen.thi.mai revoked"))
        #expect(try await CLI.run(["users", "revoke", "nguyen.thi.mai", "--database", db]).stdout.contains("0 token(s)"))
        let off = try await CLI.run(["users", "deactivate", "nguyen.thi.mai", "--database", db])
        #expect(off.status == 0 && off.stdout.contains("deactivated"), "\(off.stderr)")
        let on = try await CLI.run(["users", "deactivate", "nguyen.thi.mai", "--undo", "--database", db])
        #expect(on.status == 0 && on.stdout.contains("reactivated"))
        for verb in ["revoke", "deactivate"] {
            let unknown = try await CLI.run(["users", verb, "nobody", "--database", db])
            #expect(unknown.status == 1 && unknown.stderr.contains("no user 'nobody'"), "\(verb): \(unknown.stderr)")
        }
    }

    @Test("audit verify passes on an intact database")
    func auditVerify() async throws {
        let db = try temporary()
        let run = try await CLI.run(["audit", "verify", "--database", db])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("0 dossiers: every hash chain is intact"))
    }

    @Test("bench prints its figures as JSON on the last line")
    func bench() async throws {
        let run = try await CLI.run(["bench", "--dossiers", "40", "--baseline-commits", "20", "--concurrency", "8", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let last = try #require(run.stdout.split(separator: "\n").last)
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(figures["transitions"] as? Int == 320)
        for key in ["transitions_per_sec", "p50_ms", "p99_ms", "peak_rss_mb", "baseline_transitions_per_sec"] {
            #expect((figures[key] as? Double ?? 0) > 0, "\(key)")
        }
        let bad = try await CLI.run(["bench", "--dossiers", "0"])
        #expect(bad.status == 2)
    }
}
