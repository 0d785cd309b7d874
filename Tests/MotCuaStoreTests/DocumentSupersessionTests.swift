import Foundation
import GRDB
import MotCuaCore
@testable import MotCuaStore
import Testing

/// Updates and replacements received (BussinessDocType 2 and 3): registered as documents of
/// their own, their original retired in the same transaction (15 to the sender), or the
/// whole package refused when there is no original to retire.
@Suite("Documents in the store: updates and replacements", .serialized)
struct DocumentSupersessionTests {
    let base = DocumentStoreTests()

    /// A package from the sender that updates (2) or replaces (3) the document `original`.
    static func superseding(_ original: String, number: String, type: EdXMLBusinessType, id: String? = nil,
                            sha: String? = nil) -> Submission {
        var s = DocumentStoreTests.submission(number: number, id: id)
        s.document?.header.business = EdXMLBusiness(documentId: original, docType: String(type.rawValue), reason: "Sửa trích yếu")
        s.document?.packageSHA256 = sha
        return s
    }

    func count(_ opened: StoreBackend.Opened) async throws -> (cases: Int, register: Int) {
        (try await opened.count("dossiers"), try await opened.count("document_register"))
    }

    @Test("an update is registered in its original's place: linked both ways, the original replaced with 15 to the sender",
          arguments: StoreBackend.all)
    func update(_ backend: StoreBackend) async throws {
        let opened = try await base.open(backend)
        let store = opened.store
        let original = try await base.receive(store, DocumentStoreTests.submission(number: "15"))
        _ = try await base.register(store, original.code)
        let originalId = try #require(original.document?.header.documentId)
        // The update keeps the original's number and DocumentId: no duplicate of it, even under `refuse`.
        let update = try await base.receive(store, Self.superseding(originalId, number: "15", type: .update, id: originalId), policy: .refuse)
        #expect(update.document?.supersedes == original.code && update.document?.duplicateOf == nil)
        let retired = try #require(try await store.dossier(original.code))
        #expect(retired.state == "replaced" && retired.document?.supersededBy == update.code)
        let last = try #require(try await store.events(original.code).last?.event)
        #expect(last.action == "replace" && last.supersededBy == update.code && last.edxmlStatus == "15")
        #expect(last.reason == "Cập nhật bằng văn bản 15/STC (\(update.code))")
        let statuses = try await base.payloads(opened, original.code).compactMap {
            try? JSONDecoder().decode(EdXMLStatus.self, from: Data($0.utf8))
        }
        #expect(statuses.map(\.statusCode) == ["01", "03", "15"])
        #expect(statuses.last?.responseFor.documentId == originalId)
        #expect(try await store.verifyAudit().broken == nil)
    }

    @Test("a replacement of a replaced document retires the latest in its place; the same package again is its first arrival",
          arguments: StoreBackend.all)
    func chain(_ backend: StoreBackend) async throws {
        let opened = try await base.open(backend)
        let store = opened.store
        let original = try await base.receive(store, DocumentStoreTests.submission(number: "20"))
        let originalId = try #require(original.document?.header.documentId)
        let first = try await base.receive(store, Self.superseding(originalId, number: "21", type: .replacement, sha: "s21"))
        let again = try await store.receive(Self.superseding(originalId, number: "21", type: .replacement, sha: "s21"), files: [],
                                            by: DocumentStoreTests.clerk, at: Fixture.vn("2027-03-01T10:00"), catalog: Fixture.catalog,
                                            calendar: Fixture.calendar, duplicates: .refuse, registering: nil, idempotency: nil)
        guard case let .replayed(_, dossier, _) = again else { Issue.record("not a replay: \(again)"); return }
        #expect(dossier?.code == first.code)
        // A second replacement naming the original: the first replacement is the one in its place now.
        let second = try await base.receive(store, Self.superseding(originalId, number: "22", type: .replacement, sha: "s22"))
        #expect(second.document?.supersedes == first.code)
        #expect(try await store.dossier(first.code)?.state == "replaced")
        #expect(try await store.dossier(first.code)?.document?.supersededBy == second.code)
        #expect(try await store.dossier(second.code)?.state == "arrived")
        #expect(try await count(opened).cases == 3)
    }

    @Test("no original here, another sender's, or one already finished: refused whole, nothing written", arguments: StoreBackend.all)
    func refused(_ backend: StoreBackend) async throws {
        let opened = try await base.open(backend)
        let store = opened.store
        let other = try await base.receive(store, DocumentStoreTests.submission(number: "30", organ: EdXMLOrgan(organId: "000.00.40.H58", organName: "Sở Nội vụ")))
        let finished = try await base.receive(store, DocumentStoreTests.submission(number: "31"))
        _ = try await base.register(store, finished.code)
        var recall = Command(action: "recall")
        recall.reason = "Thu hồi"
        _ = try await store.perform(recall, on: finished.code, by: DocumentStoreTests.clerk, at: Fixture.vn("2027-03-01T09:30"),
                                    catalog: Fixture.catalog, calendar: Fixture.calendar)
        let before = try await count(opened)
        for target in ["000.00.32.H58,2027/01/01,9/STC", try #require(other.document?.header.documentId),
                       try #require(finished.document?.header.documentId)] {
            await #expect(throws: StoreError.self) {
                _ = try await base.receive(store, Self.superseding(target, number: "32", type: .update))
            }
            do {
                _ = try await base.receive(store, Self.superseding(target, number: "32", type: .update))
            } catch let StoreError.supersessionRefused(original, reason) {
                #expect(original == target && !reason.isEmpty)
            }
        }
        #expect(try await count(opened) == before)
        #expect(try await store.dossier(other.code)?.state == "arrived")
        #expect(try await store.dossier(finished.code)?.state == "recalled")
    }
}
