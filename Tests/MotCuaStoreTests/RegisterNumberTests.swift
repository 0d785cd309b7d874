import Foundation
import MotCuaCore
import MotCuaStore
import Testing

@Suite("Register numbers of official documents")
struct RegisterNumberTests {
    private func store(_ backend: StoreBackend) async throws -> any DossierRepository {
        try await backend.open(try Fixture.directory()).store
    }

    @Test("50 parallel registrations get 50 consecutive numbers, each once", arguments: StoreBackend.all)
    func parallel(_ backend: StoreBackend) async throws {
        let store = try await store(backend)
        let now = Fixture.vn("2026-11-30T09:00")
        let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<50 {
                group.addTask { try await store.allocateRegisterNumber(book: "den", at: now, calendar: Fixture.calendar) }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(numbers.sorted() == Array(1...50))
        #expect(try await store.lastRegisterNumber(book: "den", year: 2026) == 50)
        // Another book keeps its own series.
        #expect(try await store.allocateRegisterNumber(book: "den-mat", at: now, calendar: Fixture.calendar) == 1)
    }

    @Test("a new year starts at 1, by Vietnam's local date (injected clock)", arguments: StoreBackend.all)
    func newYear(_ backend: StoreBackend) async throws {
        let store = try await store(backend)
        let lastEvening = Fixture.vn("2026-12-31T23:59")
        for expected in 1...3 {
            #expect(try await store.allocateRegisterNumber(book: "di", at: lastEvening, calendar: Fixture.calendar) == expected)
        }
        // 17:30 UTC on 31 December is already 1 January in Vietnam.
        let newYear = try #require(Timestamp.parse("2026-12-31T17:30:00Z"))
        #expect(try await store.allocateRegisterNumber(book: "di", at: newYear, calendar: Fixture.calendar) == 1)
        #expect(try await store.lastRegisterNumber(book: "di", year: 2026) == 3)
        #expect(try await store.lastRegisterNumber(book: "di", year: 2027) == 1)
    }
}
