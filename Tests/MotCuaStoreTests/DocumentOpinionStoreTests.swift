import Foundation
import GRDB
import MotCuaCore
@testable import MotCuaStore
import Testing

/// A document awaiting a cooperating department's opinion waits in that department's
/// inbox too, by the opinion's deadline, until the opinion is given or the case closes.
@Suite("Documents in the store: cooperating opinions", .serialized)
struct DocumentOpinionStoreTests {
    let base = DocumentStoreTests()
    static let director = DocumentStoreTests.director
    static let headQLCN = Actor(id: "u-qlcn", name: "Trần Văn Hùng", role: .departmentHead, department: "QLCN")

    func inbox(_ store: any DossierRepository, role: Role, department: String) async throws -> [String] {
        try await store.inbox(queues: WorkQueue.keys(role: role, department: department, userID: "u-\(department)"), filter: .init(),
                              limit: 50, after: nil).items.map(\.code)
    }

    func instruct(_ store: any DossierRepository, _ code: String, cooperating: [String], due: String) async throws {
        var instruct = Command(action: "instruct", note: "QLKH chủ trì")
        instruct.lead = "QLKH"
        instruct.cooperating = cooperating
        instruct.opinionDueAt = Fixture.vn(due)
        _ = try await store.perform(instruct, on: code, by: Self.director, at: Fixture.vn("2027-03-01T10:00"), catalog: Fixture.catalog,
                                    calendar: Fixture.calendar)
    }

    @Test("in the cooperating departments' inboxes by the opinion's deadline, out once given or closed", arguments: StoreBackend.all)
    func inboxes(_ backend: StoreBackend) async throws {
        let opened = try await base.open(backend)
        let store = opened.store
        let first = try await base.receive(store, DocumentStoreTests.submission(number: "40")).code
        let second = try await base.receive(store, DocumentStoreTests.submission(number: "41")).code
        for code in [first, second] { _ = try await base.register(store, code) }
        try await instruct(store, first, cooperating: ["QLCN", "TDC"], due: "2027-03-03T16:00")
        try await instruct(store, second, cooperating: ["QLCN"], due: "2027-03-02T16:00")
        // Sooner opinion first; the lead's own queue has both; a department not asked, none.
        #expect(try await inbox(store, role: .departmentHead, department: "QLCN") == [second, first])
        #expect(try await inbox(store, role: .specialist, department: "QLCN") == [second, first])
        #expect(try await inbox(store, role: .departmentHead, department: "TDC") == [first])
        #expect(Set(try await inbox(store, role: .departmentHead, department: "QLKH")) == [first, second])
        #expect(try await inbox(store, role: .departmentHead, department: "MC").isEmpty)
        // Paging keeps the opinion's order.
        let page = try await store.inbox(queues: WorkQueue.keys(role: .departmentHead, department: "QLCN", userID: "u"), filter: .init(),
                                         limit: 1, after: nil)
        #expect(page.items.map(\.code) == [second])
        let rest = try await store.inbox(queues: WorkQueue.keys(role: .departmentHead, department: "QLCN", userID: "u"), filter: .init(),
                                         limit: 1, after: page.next)
        #expect(rest.items.map(\.code) == [first])

        var opinion = Command(action: "give_opinion")
        opinion.opinion = "Thống nhất"
        _ = try await store.perform(opinion, on: second, by: Self.headQLCN, at: Fixture.vn("2027-03-01T14:00"), catalog: Fixture.catalog,
                                    calendar: Fixture.calendar)
        #expect(try await inbox(store, role: .departmentHead, department: "QLCN") == [first])
        var recall = Command(action: "recall")
        recall.reason = "Thu hồi"
        _ = try await store.perform(recall, on: first, by: DocumentStoreTests.clerk, at: Fixture.vn("2027-03-01T15:00"),
                                    catalog: Fixture.catalog, calendar: Fixture.calendar)
        #expect(try await inbox(store, role: .departmentHead, department: "QLCN").isEmpty)
        #expect(try await inbox(store, role: .departmentHead, department: "TDC").isEmpty)
        #expect(try await opened.count("document_opinions") == 0)
        #expect(try await store.events(second).last?.event.opinion?.text == "Thống nhất")
        #expect(try await store.verifyAudit().broken == nil)
    }
}
