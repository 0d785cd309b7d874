import Foundation
import Testing

@Suite("motcua validate and graph")
struct ValidateCommandTests {
    static let brokenDir = CLI.root + "/Tests/MotCuaCoreTests/Fixtures/broken"

    /// Every broken fixture with the problem its `# expect:` marker announces.
    static let fixtures: [String] = {
        let files = (FileManager.default.enumerator(atPath: brokenDir)?.compactMap { $0 as? String } ?? [])
        return files.filter { $0.hasSuffix(".yaml") && !$0.contains(".warning.") && !$0.hasPrefix("cycle/") }.sorted()
    }()

    @Test("the shipped workflows are valid")
    func shipped() async throws {
        let run = try await CLI.run(["validate", "workflows/"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        #expect(run.stdout.contains("7 procedure workflow(s), 2 document workflow(s): 0 error(s)"))
    }

    @Test("at least 15 broken fixtures")
    func enoughFixtures() { #expect(Self.fixtures.count >= 15) }

    @Test("each broken fixture exits 1 naming file, line and element", arguments: fixtures)
    func broken(fixture: String) async throws {
        let path = Self.brokenDir + "/" + fixture
        let (line, code, element) = try Self.marker(in: path)
        let run = try await CLI.run(["validate", path])
        #expect(run.status == 1, "\(fixture): \(run.stdout) \(run.stderr)")
        let prefix = "\(path):\(line): error: \(element.isEmpty ? "(document)" : element):"
        #expect(run.stderr.contains(prefix), "\(fixture): expected '\(prefix)' in:\n\(run.stderr)")
        let json = try await CLI.run(["validate", "--format", "json", path])
        #expect(json.stdout.contains("\"code\" : \"\(code)\""), "\(fixture): \(json.stdout)")
    }

    @Test("an extends cycle is reported on both files")
    func cycle() async throws {
        let run = try await CLI.run(["validate", Self.brokenDir + "/cycle"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("cycle-a.yaml:4: error: extends:"))
        #expect(run.stderr.contains("cycle-b.yaml:4: error: extends:"))
    }

    @Test("shares that do not add up are a warning; --strict makes it an error")
    func sharesWarning() async throws {
        let path = Self.brokenDir + "/shares-mismatch.warning.yaml"
        let lax = try await CLI.run(["validate", path])
        #expect(lax.status == 0)
        #expect(lax.stderr.contains("\(path):13: warning: steps: the shares of the steps add up to 2 working days, the deadline is 3"))
        let strict = try await CLI.run(["validate", "--strict", path])
        #expect(strict.status == 1)
    }

    @Test("hostile and malformed files are refused cleanly")
    func hostileFiles() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-val-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [(String, Data, String)] = [
            ("empty.yaml", Data(), "empty"),
            ("binary.yaml", Data([0xFF, 0xFE, 0x00, 0x41, 0xC3]), "UTF-8"),
            ("aliases.yaml", Data("a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nid: *c\nversion: 1\n".utf8), "error"),
            ("list.yaml", Data("- just\n- a list\n".utf8), "expected a mapping"),
            ("huge.yaml", Data(repeating: UInt8(ascii: "#"), count: 5 << 20), "larger than"),
            ("deep.yaml", Data((String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)).utf8), "error"),
        ]
        for (name, data, mention) in cases {
            let file = dir.appendingPathComponent(name)
            try data.write(to: file)
            let run = try await CLI.run(["validate", file.path])
            #expect(run.status == 1, "\(name): \(run.stderr)")
            #expect(run.stderr.contains(file.path), "\(name): \(run.stderr)")
            #expect(run.stderr.contains(mention), "\(name): \(run.stderr)")
        }
        let missing = try await CLI.run(["validate", dir.appendingPathComponent("nope.yaml").path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no such file"))
    }

    @Test("graph draws Mermaid and DOT with every state and the contract's edges")
    func graph() async throws {
        let mermaid = try await CLI.run(["graph", "1.000173", "--format", "mermaid"])
        #expect(mermaid.status == 0, "\(mermaid.stderr)")
        #expect(mermaid.stdout.contains("stateDiagram-v2"))
        #expect(mermaid.stdout.contains("appraisal --> review: forward"))
        #expect(mermaid.stdout.contains("supplement_requested --> appraisal: submit_supplement"))
        #expect(mermaid.stdout.contains("result_ready --> returned: deliver"))
        let dot = try await CLI.run(["graph", "chung-chi-nhan-vien-buc-xa", "--format", "dot"])
        #expect(dot.status == 0)
        #expect(dot.stdout.hasPrefix("digraph \"chung-chi-nhan-vien-buc-xa\""))
        #expect(dot.stdout.contains("\"issuance\" -> \"result_ready\" [label=\"forward\"]"))
        let unknown = try await CLI.run(["graph", "no-such-workflow"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("known:"))
        let badFormat = try await CLI.run(["graph", "1.000173", "--format", "png"])
        #expect(badFormat.status == 2)
    }

    static func marker(in path: String) throws -> (Int, String, String) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let range = line.range(of: "# expect: ") else { continue }
            let spec = line[range.upperBound...].split(separator: "@", maxSplits: 1)
            let code = spec[0].trimmingCharacters(in: .whitespaces)
            let element = spec.count > 1 ? spec[1].trimmingCharacters(in: .whitespaces) : ""
            return (i + 1, code, element)
        }
        throw CocoaError(.fileReadCorruptFile)
    }
}
