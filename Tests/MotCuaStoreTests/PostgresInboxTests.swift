import Foundation
import MotCuaCore
@testable import MotCuaStore
import Testing

/// The inbox pages users open most are prepared statements on PostgreSQL
/// (`InboxPageStatement`, `ScopedInboxPageStatement`); every other page is a statement built
/// per request. Both must give the same pages.
@Suite("PostgreSQL store: prepared inbox pages", .serialized,
       .enabled(if: StoreBackend.all.contains { $0.description == "PostgreSQL" }))
struct PostgresInboxTests {
    @Test("a head's and a specialist's pages, step queues and opinion queue within a procedure scope, are the built statement's")
    func scopedPages() async throws {
        let backend = try #require(StoreBackend.all.first { $0.description == "PostgreSQL" })
        let documents = DocumentOpinionStoreTests()
        let opened = try await documents.base.open(backend)
        let store = try #require(opened.store as? PostgresStore)
        // Dossiers logged at scrambled times; eight go on to QLCN's head.
        var forwarded: [String] = []
        for i in 0..<12 {
            let at = Fixture.vn("2027-03-01T08:00").addingTimeInterval(Double((i * 7) % 12 * 600))
            let code = try await store.open(Fixture.submission, by: Fixture.desk, at: at, catalog: Fixture.catalog,
                                            calendar: Fixture.calendar).dossier.code
            if i < 8 {
                _ = try await store.perform(Command(action: "forward"), on: code, by: Fixture.desk, at: Fixture.vn("2027-03-02T09:00"),
                                            catalog: Fixture.catalog, calendar: Fixture.calendar)
                forwarded.append(code)
            }
        }
        // Three documents awaiting QLCN's opinion, by different deadlines.
        var asked: [String] = []
        for (number, due) in [("50", "2027-03-03T16:00"), ("51", "2027-03-02T16:00"), ("52", "2027-03-04T10:00")] {
            let code = try await documents.base.receive(store, DocumentStoreTests.submission(number: number)).code
            _ = try await documents.base.register(store, code)
            try await documents.instruct(store, code, cooperating: ["QLCN"], due: due)
            asked.append(code)
        }
        let documentWorkflows = Fixture.catalog.all.filter { $0.caseKind != .dossier }.map(\.id)
        let scopes: [ReadPolicy.ListScope] = [
            ReadPolicy.listScope(role: .departmentHead, department: "QLCN", workflows: Fixture.catalog.all),
            .procedures(["1.000173"]), .procedures(Set(documentWorkflows)), .procedures(["9.999999"]),
        ]
        let readers = [WorkQueue.keys(role: .departmentHead, department: "QLCN", userID: Fixture.head.id),
                       WorkQueue.keys(role: .specialist, department: "QLCN", userID: Fixture.specialist.id)]
        var seen: [[String]] = []
        for scope in scopes {
            for queues in readers {
                var filter = DossierStore.Filter()
                filter.scope = scope
                var pages: [[String]] = []
                var cursor: InboxCursor?
                repeat {
                    let prepared = try await store.inbox(queues: queues, filter: filter, limit: 3, after: cursor, prepared: true)
                    let built = try await store.inbox(queues: queues, filter: filter, limit: 3, after: cursor, prepared: false)
                    #expect(prepared.items.map(\.code) == built.items.map(\.code), "\(scope), after \(String(describing: cursor?.text))")
                    #expect(prepared.next?.text == built.next?.text)
                    pages.append(prepared.items.map(\.code))
                    cursor = prepared.next
                } while cursor != nil && pages.count < 20
                seen.append(pages.flatMap { $0 })
            }
        }
        // Not an empty comparison: the head's whole scope holds the forwarded dossiers and
        // the documents, merged by due time, across several pages; the narrower scopes split them.
        #expect(Set(seen[0]) == Set(forwarded + asked))
        #expect(seen[0].count == forwarded.count + asked.count, "each once")
        #expect(Set(seen[1]) == Set(asked), "a specialist sees the opinion queue, not the head's step queue")
        #expect(Set(seen[2]) == Set(forwarded))
        #expect(Set(seen[4]) == Set(asked))
        #expect(seen[6].isEmpty && seen[7].isEmpty)
        // The opinion queue keeps its deadlines' order.
        #expect(seen[4] == [asked[1], asked[0], asked[2]])
    }
}
