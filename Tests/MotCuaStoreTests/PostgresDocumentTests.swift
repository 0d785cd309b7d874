import Foundation
import MotCuaCore
@testable import MotCuaStore
import Testing

/// Official documents on several instances of one PostgreSQL database: what one SQLite
/// writer gave for free (one arrival at a time, one number at a time) must hold across
/// instances too. The contract suites (`DocumentStoreTests` and its neighbours) cover the
/// rest on both backends.
@Suite("PostgreSQL store: documents on several instances",
       .enabled(if: StoreBackend.all.contains { $0.description == "PostgreSQL" }))
struct PostgresDocumentTests {
    let base = DocumentStoreTests()

    func instances(_ count: Int) async throws -> [PostgresStore] {
        let location = try await StoreBackend.freshDatabase()
        var stores: [PostgresStore] = []
        for _ in 0..<count {
            stores.append(PostgresStore(database: try await PostgresDatabase.open(location), agencyCode: StoreBackend.agency,
                                        router: DocumentStoreTests.router))
        }
        return stores
    }

    func offer(_ store: PostgresStore, _ s: Submission, policy: ClericalRules.Policy) async throws -> CommandAnswer {
        try await store.receive(s, files: DocumentStoreTests.files, by: DocumentStoreTests.clerk, at: Fixture.vn("2027-03-01T08:30"),
                                catalog: Fixture.catalog, calendar: Fixture.calendar, duplicates: policy, registering: nil,
                                idempotency: nil)
    }

    @Test("one document offered to three instances at once: one case; the same package replays it, another copy is refused")
    func sameDocumentEverywhere() async throws {
        let stores = try await instances(3)
        let package = DocumentStoreTests.submission(number: "15").withPackage("one-package")
        let answers = try await withThrowingTaskGroup(of: String?.self) { group in
            for i in 0..<12 {
                group.addTask {
                    switch try await offer(stores[i % 3], package, policy: .refuse) {
                    case let .applied(r): r.dossier.code
                    case let .replayed(_, d, _): d?.code
                    }
                }
            }
            return try await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(Set(answers).count == 1 && answers.allSatisfy { $0 != nil })
        // Another package of the same document (another digest), on three instances at once: all refused.
        let refused = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<6 {
                group.addTask {
                    do {
                        _ = try await offer(stores[i % 3], DocumentStoreTests.submission(number: "15").withPackage("copy-\(i)"), policy: .refuse)
                        return false
                    } catch StoreError.duplicateDocument { return true }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(refused == Array(repeating: true, count: 6))
        #expect(try await stores[1].list(.init(), limit: 10, after: nil).items.count == 1)
        #expect(try await stores[2].verifyAudit().broken == nil)
    }

    @Test("documents registered on three instances at once: numbers 1…n, each once; an update retires its original once")
    func numbersAcrossInstances() async throws {
        let stores = try await instances(3)
        var codes: [String] = []
        for i in 1...30 {
            guard case let .applied(r) = try await offer(stores[i % 3], DocumentStoreTests.submission(number: "\(i)"), policy: .refuse) else {
                Issue.record("document \(i) not stored")
                return
            }
            codes.append(r.dossier.code)
        }
        let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
            for (i, code) in codes.enumerated() {
                group.addTask {
                    try await stores[i % 3].perform(Command(action: "register"), on: code, by: DocumentStoreTests.clerk,
                                                    at: Fixture.vn("2027-03-01T09:00"), catalog: Fixture.catalog,
                                                    calendar: Fixture.calendar).dossier.document?.registerNumber ?? 0
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(numbers.sorted() == Array(1...30))
        #expect(try await stores[0].register(book: "den", year: 2027, after: 0, limit: 100).map(\.number) == Array(1...30))
        // The same update offered to all three: one new case, the original replaced once (one 15 queued).
        let originalId = try #require(try await stores[0].dossier(codes[0])?.document?.header.documentId)
        let update = DocumentSupersessionTests.superseding(originalId, number: "1", type: .update, id: originalId, sha: "upd")
        let outcomes = try await withThrowingTaskGroup(of: String?.self) { group in
            for s in stores {
                group.addTask {
                    switch try await offer(s, update, policy: .refuse) {
                    case let .applied(r): r.dossier.code
                    case let .replayed(_, d, _): d?.code
                    }
                }
            }
            return try await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(Set(outcomes).count == 1)
        let original = try #require(try await stores[1].dossier(codes[0]))
        #expect(original.state == "replaced" && original.document?.supersededBy == outcomes.first ?? nil)
        #expect(try await stores[2].events(codes[0]).filter { $0.event.action == "replace" }.count == 1)
        #expect(try await stores[2].verifyAudit().broken == nil)
    }
}
