import Foundation
import MotCuaCore
import Testing

@Suite("motcua edxml inspect")
struct EdXMLCommandTests {
    private let samples = CLI.samples + "/edxml/"

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("a status package: JSON with the status and its label, exit 0")
    func status() async throws {
        let run = try await CLI.run(["edxml", "inspect", samples + "status_acceptance_03.edxml"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try json(run.stdout)
        #expect(object["kind"] as? String == "status")
        #expect(object["statusLabel"] as? String == "Đã vào sổ")
        let status = try #require(object["status"] as? [String: Any])
        #expect(status["statusCode"] as? String == "03")
        #expect((status["responseFor"] as? [String: Any])?["code"] as? String == "7816/VPCP-TTĐT")
        #expect((object["sha256"] as? String)?.count == 64)
    }

    @Test("edoc.edxml: header, manifest and the signature verdict printed; its broken attachment exits 1")
    func document() async throws {
        let run = try await CLI.run(["edxml", "inspect", samples + "edoc.edxml"])
        #expect(run.status == 1)
        let object = try json(run.stdout)
        let header = try #require(object["header"] as? [String: Any])
        #expect(header["subject"] as? String == "Văn bản liên thông chỉ đạo - 190701")
        #expect((header["to"] as? [[String: Any]])?.first?["organId"] as? String == "000.00.15.H51")
        let signature = try #require(object["signature"] as? [String: Any])
        #expect(signature["verdict"] as? String == "invalid")
        #expect((object["manifest"] as? [[String: Any]])?.count == 1)
        #expect(run.stderr.contains("edoc.edxml:130: error: Attachment[1].ContentTransferEncoded"))
    }

    @Test("unreadable input: stray bytes, a wrong hash-file, a missing file, a DOCTYPE — the error, exit 1")
    func errors() async throws {
        let stray = try await CLI.run(["edxml", "inspect", samples + "edoc_new.edxml"])
        #expect(stray.status == 1)
        #expect(stray.stdout.isEmpty)
        #expect(stray.stderr.contains("4 stray bytes (\"1212\")"))
        let hash = try await CLI.run(["edxml", "inspect", "--hash-file", String(repeating: "a", count: 64), samples + "status_finish_06.edxml"])
        #expect(hash.status == 1)
        #expect(hash.stderr.contains("hash-file"))
        let missing = try await CLI.run(["edxml", "inspect", "/nonexistent.edxml"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read"))
        let dir = try CLI.temporaryDatabase()
        let hostile = (dir as NSString).deletingLastPathComponent + "/xxe.edxml"
        try "<!DOCTYPE edXML [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><edXML>&x;</edXML>".write(toFile: hostile, atomically: true, encoding: .utf8)
        let xxe = try await CLI.run(["edxml", "inspect", hostile])
        #expect(xxe.status == 1)
        #expect(xxe.stderr.contains("DOCTYPE"))
        #expect(!xxe.stdout.contains("root:"))
        #expect(try await CLI.run(["edxml", "inspect"]).status == 2)
    }
}

@Suite("motcua bench --documents")
struct DocumentBenchCommandTests {
    @Test("measures every given package (JSON), refuses an unreadable one with its error")
    func bench() async throws {
        let samples = CLI.samples + "/edxml/"
        let run = try await CLI.run(["bench", "--documents", "20", "--format", "json",
                               "--package", samples + "edoc.edxml", "--package", samples + "status_finish_06.edxml"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let rows = try #require(object["documents"] as? [[String: Any]])
        #expect(rows.map { $0["package"] as? String } == ["edoc.edxml", "status_finish_06.edxml"])
        #expect(rows.map { $0["bytes"] as? Int } == [8363, 1646])
        #expect(rows.allSatisfy { ($0["packages_per_sec"] as? Double ?? 0) > 0 && ($0["signed_packages_per_sec"] as? Double ?? 0) > 0 })
        let refused = try await CLI.run(["bench", "--documents", "20", "--package", samples + "edoc_new.edxml"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("stray bytes"))
        #expect(try await CLI.run(["bench", "--documents", "0"]).status == 2)
    }
}
