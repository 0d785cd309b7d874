import Foundation
import MotCuaCore
@testable import MotCuaStore
import Testing

@Suite("Store: the inbox")
struct InboxTests {
    @Test("ordered by step due time then code, paged by keyset without gaps or repeats; a department's queue apart",
          arguments: StoreBackend.all)
    func order(backend: StoreBackend) async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await backend.open(dir).store
        // Logged in a scrambled order of time, so logging order and due order differ.
        var opened: [Dossier] = []
        for i in 0..<30 {
            let minutes = (i * 7) % 30 * 10
            let at = Fixture.vn("2027-03-01T08:00").addingTimeInterval(Double(minutes * 60))
            opened.append(try await store.open(Fixture.submission, by: Fixture.desk, at: at, catalog: Fixture.catalog,
                                               calendar: Fixture.calendar).dossier)
        }
        // Five go on to the department: they leave the desk's inbox for the head's.
        var forwarded: [String: Dossier] = [:]
        for d in opened.prefix(5) {
            let r = try await store.perform(Command(action: "forward"), on: d.code, by: Fixture.desk, at: Fixture.vn("2027-03-02T09:00"),
                                            catalog: Fixture.catalog, calendar: Fixture.calendar)
            forwarded[d.code] = r.dossier
        }
        let waiting = opened.filter { forwarded[$0.code] == nil }
        let expected = waiting.sorted { ($0.stepDueAt!, $0.code) < ($1.stepDueAt!, $1.code) }.map(\.code)
        #expect(Set(waiting.compactMap(\.stepDueAt)).count > 1, "the fixture must spread due times")
        #expect(expected != waiting.map(\.code), "logging order must differ from due order")

        let desk = WorkQueue.keys(role: .desk, department: "MC", userID: Fixture.desk.id)
        var seen: [String] = []
        var cursor: InboxCursor?
        repeat {
            let page = try await store.inbox(queues: desk, filter: .init(), limit: 4, after: cursor)
            #expect(page.items.count <= 4)
            seen += page.items.map(\.code)
            // The cursor survives its text form, as a client sends it back.
            cursor = try page.next.map { try #require(InboxCursor(text: $0.text)) }
        } while cursor != nil
        #expect(seen == expected)

        let head = WorkQueue.keys(role: .departmentHead, department: "QLCN", userID: Fixture.head.id)
        let headPage = try await store.inbox(queues: head, filter: .init(), limit: 50, after: nil)
        #expect(headPage.items.map(\.code)
            == forwarded.values.sorted { ($0.stepDueAt!, $0.code) < ($1.stepDueAt!, $1.code) }.map(\.code))
        let other = WorkQueue.keys(role: .departmentHead, department: "QLKH", userID: "u-other")
        #expect(try await store.inbox(queues: other, filter: .init(), limit: 50, after: nil).items.isEmpty)

        // Ranges of several queues merge into one order, paged without gaps or repeats even
        // where a page ends in one queue and the next begins in another.
        let both = (waiting + Array(forwarded.values)).sorted { ($0.stepDueAt!, $0.code) < ($1.stepDueAt!, $1.code) }.map(\.code)
        #expect(expected.count % 3 != 0, "some page must hold the end of one queue's range and the start of another's")
        var merged: [String] = []
        cursor = nil
        repeat {
            let page = try await store.inbox(queues: desk + head, filter: .init(), limit: 3, after: cursor)
            #expect(page.items.count <= 3)
            merged += page.items.map(\.code)
            cursor = page.next
        } while cursor != nil
        #expect(merged == both)
        let filtered = try await store.inbox(queues: desk + head, filter: .init(state: "assignment"), limit: 50, after: nil)
        #expect(filtered.items.map(\.code) == both.filter { forwarded[$0] != nil })

        // Badges, kept by the database on every insert and transition.
        #expect(try await store.inboxCounts(queues: desk) == ["received": expected.count])
        #expect(try await store.inboxCounts(queues: head) == ["assignment": forwarded.count])
        #expect(try await store.inboxCounts(queues: other).isEmpty)
        let first = try #require(forwarded.values.first)
        _ = try await store.perform(Command(action: "forward", assignee: Fixture.specialist, assigneePosition: Fixture.specialistPosition),
                                    on: first.code, by: Fixture.head, at: Fixture.vn("2027-03-02T10:00"), catalog: Fixture.catalog,
                                    calendar: Fixture.calendar)
        #expect(try await store.inboxCounts(queues: head) == ["assignment": forwarded.count - 1])
        let specialist = WorkQueue.keys(role: .specialist, department: "QLCN", userID: Fixture.specialist.id)
        #expect(try await store.inboxCounts(queues: specialist) == ["appraisal": 1])
        #expect(try await store.inboxCounts(queues: WorkQueue.keys(role: .specialist, department: "QLCN", userID: "u-someone-else")).isEmpty,
                "an assigned step is in its officer's queue only")
        // The periodic housekeeping (which folds PostgreSQL's count deltas) changes no count.
        _ = try await store.pruneIdempotencyKeys(before: Fixture.vn("2027-03-01T00:00"), batch: 100)
        #expect(try await store.inboxCounts(queues: desk) == ["received": expected.count])
        #expect(try await store.inboxCounts(queues: head) == ["assignment": forwarded.count - 1])
        #expect(try await store.inboxCounts(queues: specialist) == ["appraisal": 1])
    }

    @Test("a page reads one index range in order: no table scan, no sort, with or without filters")
    func plan() async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await Fixture.sqliteStore(dir)
        var filtered = DossierStore.Filter(state: "received", procedure: "1.000173", overdueAt: Date())
        filtered.scope = .procedures(["1.000173", "2.002131"])
        for filter in [DossierStore.Filter(), filtered] {
            let plan = try await store.inboxPlan(filter: filter)
            #expect(plan.contains { $0.contains("USING INDEX dossiers_queue") }, "\(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN") }, "full scan: \(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "sorts the rows: \(plan)")
        }
    }

    @Test("cursor text: only what a page could have produced")
    func cursorText() {
        #expect(InboxCursor(text: "1803456000.5_000.00.01.H22-270301-0001") == InboxCursor(due: 1803456000.5, code: "000.00.01.H22-270301-0001"))
        #expect(InboxCursor(text: "1e+15_X-1") == InboxCursor(due: 1e15, code: "X-1"), "no step deadline, as Swift prints it")
        for due in [1e15, 1803456000.123456, 0.5, 1803456000] {
            #expect(InboxCursor(text: InboxCursor(due: due, code: "A").text)?.due == due, "\(due) survives its text")
        }
        for bad in ["", "_", "12_", "_abc", "x_abc", "1e999_abc", "97--_I.SC", "1.e5_a", "1e+100_a", "1_" + String(repeating: "a", count: 65), "1_a b", "1_a'b", String(repeating: "1", count: 30) + "_a", "nan_a"] {
            #expect(InboxCursor(text: bad) == nil, "\(bad)")
        }
    }
}
