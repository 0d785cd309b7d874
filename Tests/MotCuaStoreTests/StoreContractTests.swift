import Foundation
import GRDB
import MotCuaCore
import MotCuaStore
import Testing

@Suite("Store contract")
struct StoreContractTests {
    @Test("codes are consecutive per agency and day, and restart at 0001 the next day", arguments: StoreBackend.all)
    func codes(backend: StoreBackend) async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await backend.open(dir).store
        var codes: [String] = []
        for day in ["2027-03-01T09:00", "2027-03-01T16:00", "2027-03-02T08:00", "2027-03-01T23:59"] {
            codes.append(try await store.open(Fixture.submission, by: Fixture.desk, at: Fixture.vn(day), catalog: Fixture.catalog,
                                              calendar: Fixture.calendar).dossier.code)
        }
        #expect(codes == ["000.00.01.H22-270301-0001", "000.00.01.H22-270301-0002", "000.00.01.H22-270302-0001",
                          "000.00.01.H22-270301-0003"])
    }

    @Test("concurrent commands through group commit: every one lands, versions and chains stay consistent", arguments: StoreBackend.all)
    func groupCommit(backend: StoreBackend) async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await backend.open(dir).store
        let now = Fixture.vn("2027-03-01T09:00")
        let codes = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<100 {
                group.addTask {
                    try await store.open(Fixture.submission, by: Fixture.desk, at: now, catalog: Fixture.catalog, calendar: Fixture.calendar).dossier.code
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(codes).count == 100)
        // Two racing actions per dossier: exactly one wins each race.
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for code in codes {
                for action in ["forward", "stop"] {
                    group.addTask {
                        do {
                            _ = try await store.perform(Command(action: action, reason: "r", expectedVersion: 1), on: code, by: Fixture.desk,
                                                        at: now, catalog: Fixture.catalog, calendar: Fixture.calendar)
                            return true
                        } catch StoreError.rejected(.versionConflict) { return false }
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 100)
        for code in codes {
            await #expect(try store.dossier(code)?.version == 2)
            await #expect(try store.events(code).map(\.event.seq) == [1, 2])
        }
        await #expect(try store.verifyAudit().broken == nil)
    }

    @Test("a refused command writes nothing", arguments: StoreBackend.all)
    func refusedWritesNothing(backend: StoreBackend) async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await backend.open(dir).store
        let now = Fixture.vn("2027-03-01T09:00")
        let code = try await store.open(Fixture.submission, by: Fixture.desk, at: now, catalog: Fixture.catalog, calendar: Fixture.calendar).dossier.code
        await #expect(throws: StoreError.rejected(.missingField(.reason, action: "stop"))) {
            try await store.perform(Command(action: "stop"), on: code, by: Fixture.desk, at: now, catalog: Fixture.catalog, calendar: Fixture.calendar)
        }
        await #expect(throws: StoreError.dossierNotFound("nope")) {
            try await store.perform(Command(action: "forward"), on: "nope", by: Fixture.desk, at: now, catalog: Fixture.catalog, calendar: Fixture.calendar)
        }
        await #expect(throws: StoreError.unknownProcedure("9.999999")) {
            var s = Fixture.submission
            s.procedureCode = "9.999999"
            return try await store.open(s, by: Fixture.desk, at: now, catalog: Fixture.catalog, calendar: Fixture.calendar)
        }
        await #expect(try store.dossier(code)?.version == 1)
        await #expect(try store.events(code).count == 1)
        await #expect(try store.list(.init(), limit: 10, after: nil).items.count == 1)
    }

    @Test("a deadline warning enqueues mails to the step's officers and the department heads, once", arguments: StoreBackend.all)
    func deadlineMails(backend: StoreBackend) async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let routes = NotificationRoute.decodeAll(yaml: try String(contentsOfFile: Fixture.root + "/config/routes.yaml", encoding: .utf8),
                                                 file: "routes.yaml").routes!
        let opened = try await backend.open(dir, router: NotificationRouter(routes: routes, enabledChannels: [.email],
                                                                            organization: Fixture.organization))
        let store = opened.store
        try await opened.addUser("desk", .desk, "MC", "desk@example.vn")
        try await opened.addUser("head", .departmentHead, "QLCN", "head@example.vn")
        try await opened.addUser("other", .departmentHead, "QLKH", "other@example.vn")
        let code = try await store.open(Fixture.submission, by: Fixture.desk, at: Fixture.vn("2027-03-01T08:00"), catalog: Fixture.catalog,
                                        calendar: Fixture.calendar).dossier.code
        _ = try await store.scanDeadlines(at: Fixture.vn("2027-03-01T14:00"), dueSoonSeconds: 3600, calendar: Fixture.calendar,
                                          catalog: Fixture.catalog)
        _ = try await store.scanDeadlines(at: Fixture.vn("2027-03-01T15:00"), dueSoonSeconds: 3600, calendar: Fixture.calendar,
                                          catalog: Fixture.catalog)
        let rows = try await store.outbox(dossier: code).filter { $0.id.contains(".w1.") }
        #expect(Set(rows.map(\.target)) == ["desk@example.vn", "head@example.vn"])
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.channel == .email && $0.id.contains("overdue") })
    }

    @Test("deadline warnings: once per step and kind, also after a restart", arguments: StoreBackend.all)
    func deadlineScanner(backend: StoreBackend) async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let opened = try await backend.open(dir)
        let (store, reopen) = (opened.store, opened.reopen)
        let cal = Fixture.calendar
        // Received Monday 08:00: the desk's half day (3 h 45) is due at 13:45.
        let code = try await store.open(Fixture.submission, by: Fixture.desk, at: Fixture.vn("2027-03-01T08:00"), catalog: Fixture.catalog,
                                        calendar: cal).dossier.code
        #expect(try await store.scanDeadlines(at: Fixture.vn("2027-03-01T08:10"), dueSoonSeconds: 3600, calendar: cal).isEmpty)
        let soon = try await store.scanDeadlines(at: Fixture.vn("2027-03-01T10:50"), dueSoonSeconds: 3600, calendar: cal)
        #expect(soon.map(\.kind) == [.dueSoon])
        #expect(soon.first?.dossierCode == code && soon.first?.state == "received")
        #expect(try await store.scanDeadlines(at: Fixture.vn("2027-03-01T11:00"), dueSoonSeconds: 3600, calendar: cal).isEmpty)
        let restarted = try await reopen()
        #expect(try await restarted.scanDeadlines(at: Fixture.vn("2027-03-01T11:10"), dueSoonSeconds: 3600, calendar: cal).isEmpty)
        let late = try await restarted.scanDeadlines(at: Fixture.vn("2027-03-01T14:00"), dueSoonSeconds: 3600, calendar: cal)
        #expect(late.map(\.kind) == [.overdue])
        #expect(try await restarted.scanDeadlines(at: Fixture.vn("2027-03-02T13:30"), dueSoonSeconds: 3600, calendar: cal).isEmpty)
        // A new step is warned about afresh.
        _ = try await restarted.perform(Command(action: "forward"), on: code, by: Fixture.desk, at: Fixture.vn("2027-03-02T14:00"),
                                        catalog: Fixture.catalog, calendar: cal)
        let next = try await restarted.scanDeadlines(at: Fixture.vn("2027-03-03T17:00"), dueSoonSeconds: 3600, calendar: cal)
        #expect(next.map(\.kind) == [.overdue])
        #expect(next.first?.state == "assignment")
        await #expect(try restarted.deadlineWarnings(code).map(\.kind) == ["due_soon", "overdue", "overdue"])
        // Paused steps are not warned about.
        _ = try await restarted.perform(Command(action: "request_supplement", reason: "r", items: ["i"]), on: code, by: Fixture.head,
                                        at: Fixture.vn("2027-03-04T08:00"), catalog: Fixture.catalog, calendar: cal)
        #expect(try await restarted.scanDeadlines(at: Fixture.vn("2027-04-04T08:00"), dueSoonSeconds: 3600, calendar: cal).isEmpty)
    }

    @Test("a deadline scan reads in pages: more steps than a page, all due at one moment, are each marked once", arguments: StoreBackend.all)
    func deadlinePages(backend: StoreBackend) async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await backend.open(dir).store
        let cal = Fixture.calendar
        // 1,100 received at 08:00 (due 13:45, so the page cursor has to break ties by code)
        // and three at 11:00 (due 16:45: not due soon at 14:00).
        func open(_ count: Int, at time: String) async throws -> Set<String> {
            try await withThrowingTaskGroup(of: [String].self) { group in
                for lane in 0..<16 {
                    group.addTask {
                        var codes: [String] = []
                        for _ in stride(from: lane, to: count, by: 16) {
                            codes.append(try await store.open(Fixture.submission, by: Fixture.desk, at: Fixture.vn(time),
                                                              catalog: Fixture.catalog, calendar: cal).dossier.code)
                        }
                        return codes
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.formUnion($1) }
            }
        }
        let early = try await open(1_100, at: "2027-03-01T08:00")
        let late = try await open(3, at: "2027-03-01T11:00")
        let overdue = try await store.scanDeadlines(at: Fixture.vn("2027-03-01T14:00"), dueSoonSeconds: 3600, calendar: cal)
        #expect(overdue.count == 1_100)
        #expect(Set(overdue.map(\.dossierCode)) == early)
        #expect(overdue.allSatisfy { $0.kind == .overdue })
        #expect(try await store.scanDeadlines(at: Fixture.vn("2027-03-01T14:05"), dueSoonSeconds: 3600, calendar: cal).isEmpty)
        let soon = try await store.scanDeadlines(at: Fixture.vn("2027-03-01T16:00"), dueSoonSeconds: 3600, calendar: cal)
        #expect(Set(soon.map(\.dossierCode)) == late)
        #expect(soon.allSatisfy { $0.kind == .dueSoon })
    }
}
