import Foundation
import MotCuaCore
@testable import MotCuaStore
import Testing

/// Stored snapshots are read directly (`Dossier.init(record:)`) instead of through
/// `JSONDecoder`; the two must never disagree. Checked on every snapshot of a real
/// lifecycle, and differentially on records altered key by key: missing, `null`, of the
/// wrong type, fractional, unknown enum values.
@Suite("Snapshot decoding")
struct SnapshotDecodingTests {
    func foundation(_ text: String) -> Dossier? { try? JSONDecoder().decode(Dossier.self, from: Data(text.utf8)) }

    func parsed(_ text: String) throws -> [String: JSONValue] {
        guard case let .object(o)? = StrictJSON.parse(Array(text.utf8), rules: .grammarOnly) else {
            Issue.record("not an object: \(text)")
            return [:]
        }
        return o
    }

    @Test("every snapshot the store writes is read directly, equal to what JSONDecoder reads")
    func directPath() throws {
        var variants = try RecordJSONTests.lifecycle().map(\.0)
        var returned = try #require(variants.last)
        returned.returnedAt = returned.finishedAt?.addingTimeInterval(86_400.25)
        returned.outcome = .late
        returned.department = nil
        returned.assignee = Assignee(id: "u \"1\"", name: "Trần Thị Ánh")
        returned.documents = []
        variants.append(returned)
        for dossier in variants {
            let text = RecordJSON.dossier(dossier)
            let record = try #require(StrictJSON.parse(Array(text.utf8), rules: .grammarOnly))
            #expect(Dossier(record: record) == dossier, "\(text)")
            #expect(try DossierStore.decode(text) == dossier)
        }
        #expect(variants.contains { $0.assignee != nil } && variants.contains { $0.outcome != nil })
    }

    @Test("a document case goes through JSONDecoder and still reads back exactly")
    func documentFallsBack() throws {
        let workflow = try #require(Fixture.catalog.documentWorkflow(.incomingDocument))
        let record = DocumentRecord(direction: .incomingDocument, source: .axis,
                                    header: EdXMLHeader(from: EdXMLOrgan(organId: "000.00.32.H58"), to: [EdXMLOrgan(organId: "me")],
                                                        documentId: "d", codeNumber: "15", codeNotation: "STC",
                                                        promulgationDate: "2027/03/01", type: "2", subject: "Về việc"),
                                    book: "den", handlingDays: 3)
        let submission = Submission(procedureCode: workflow.id, channel: .online, applicant: Applicant(name: "Sở Tài chính", kind: .agency),
                                    summary: "Về việc", document: record)
        let d = try Engine.open(submission, code: "C-2", by: Actor(id: "c", name: "Văn thư", role: .clerk, department: "VP"),
                                at: Fixture.vn("2027-03-01T08:00"), workflow: workflow, calendar: Fixture.calendar).get().dossier
        let text = RecordJSON.dossier(d)
        #expect(Dossier(record: try #require(StrictJSON.parse(Array(text.utf8), rules: .grammarOnly))) == nil)
        #expect(try DossierStore.decode(text) == d)
    }

    @Test("records altered key by key: the direct reading and JSONDecoder agree on every one (value or refusal)")
    func differential() throws {
        let samples = try RecordJSONTests.lifecycle().map(\.0)
        let replacements: [JSONValue?] = [nil, .null, .int(3), .double(3.5), .double(3.0), .string("x"), .string("on_time"),
                                          .bool(true), .array([]), .array([.string("a"), .int(1)]), .object([:]),
                                          .object(["id": "a", "name": "b"]), .object(["name": "A", "kind": "citizen"]),
                                          .object(["x": .object(["id": "a", "name": "b"])])]
        var direct = 0, compared = 0
        for dossier in [samples[0], samples[3], samples[samples.count - 1]] {
            let object = try parsed(RecordJSON.dossier(dossier))
            var keys = Array(object.keys) + ["document", "unknownKey"]
            if case let .object(applicant)? = object["applicant"] { keys += applicant.keys.map { "applicant." + $0 } }
            for key in keys {
                for replacement in replacements {
                    var altered = object
                    if key.hasPrefix("applicant."), case var .object(applicant)? = altered["applicant"] {
                        applicant[String(key.dropFirst("applicant.".count))] = replacement
                        altered["applicant"] = .object(applicant)
                    } else {
                        altered[key] = replacement
                    }
                    let text = JSONValue.object(altered).text
                    let expected = foundation(text)
                    let actual = try? DossierStore.decode(text)
                    #expect(actual == expected, "\(key) → \(replacement.map(\.text) ?? "missing"): \(text)")
                    if Dossier(record: .object(altered)) != nil { direct += 1 }
                    compared += 1
                }
            }
        }
        // Both outcomes were exercised: some alterations still read directly, most do not.
        #expect(direct > 20 && direct < compared / 2, "\(direct) of \(compared)")
    }

    @Test("what is not JSON, or not a dossier, is refused with an error, not a crash")
    func hostile() {
        for text in ["", "{", "[]", "null", "{\"code\":1}", String(repeating: "[", count: 100_000), "{\"code\":\"\u{0}\"}"] {
            #expect(throws: (any Error).self) { try DossierStore.decode(text) }
        }
    }
}
