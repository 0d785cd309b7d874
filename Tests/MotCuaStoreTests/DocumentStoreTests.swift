import Foundation
import GRDB
import MotCuaCore
import MotCuaDefinitions
@testable import MotCuaStore
import Testing

/// Official documents through the store: arrival with its files and keys, duplicates,
/// registration numbers allotted in the command's transaction, recall, the register, and
/// the status packages queued with the events. Runs on every backend.
@Suite("Documents in the store", .serialized)
struct DocumentStoreTests {
    static let rules = DefinitionFiles.clericalRules(at: Fixture.root + "/config/documents.yaml").rules!
    static let clerk = Actor(id: "u-clerk", name: "Võ Thị Lan", role: .clerk, department: "VP")
    static let director = Actor(id: "u-dir", name: "Phạm Minh Đức", role: .director)
    static let sender = EdXMLOrgan(organId: "000.00.32.H58", organName: "Sở Tài chính")
    static let router = NotificationRouter(
        routes: [{ var r = NotificationRoute(name: "edxml-status", channel: .edxml); r.edxmlStatus = true; return r }(),
                 { var r = NotificationRoute(name: "portal-status", channel: .portal); r.portalStatusChanged = true; return r }()],
        enabledChannels: [.edxml, .portal], organization: Fixture.organization,
        organ: EdXMLOrgan(organId: "000.00.01.H22", organName: "Sở Khoa học và Công nghệ"))

    static func submission(number: String, id: String? = nil, organ: EdXMLOrgan = sender) -> Submission {
        let header = EdXMLHeader(from: organ, to: [EdXMLOrgan(organId: "000.00.01.H22")],
                                 documentId: id ?? "\(organ.organId),2027/03/01,\(number)/STC", codeNumber: number, codeNotation: "STC",
                                 promulgationDate: "2027/03/01", type: "2", subject: "Văn bản số \(number)")
        let document = EdXMLDocument(header: header, signature: .valid(signer: "CN=STC", trusted: true))
        return try! DocumentArrival.submission(document, source: .axis, packageSHA256: nil, workflowID: "van-ban-den", rules: rules).get()
    }

    static let files = [DocumentFile(name: "package.edxml", contentType: "application/xml", sha256: "aa", bytes: Data("<edXML/>".utf8)),
                        DocumentFile(name: "15-STC.pdf", contentType: "application/pdf", sha256: "bb", bytes: Data("%PDF".utf8))]

    /// A fresh store of `backend` with the e-office routes.
    func open(_ backend: StoreBackend) async throws -> StoreBackend.Opened {
        try await backend.open(try Fixture.directory(), router: Self.router)
    }

    func receive(_ store: any DossierRepository, _ s: Submission, policy: ClericalRules.Policy = .flag, at time: String = "2027-03-01T08:30",
                 files: [DocumentFile] = files) async throws -> Dossier {
        guard case let .applied(result) = try await store.receive(s, files: files, by: Self.clerk, at: Fixture.vn(time), catalog: Fixture.catalog,
                                                                  calendar: Fixture.calendar, duplicates: policy, registering: nil, idempotency: nil) else {
            throw StoreError.idempotencyKeyReused
        }
        return result.dossier
    }

    /// The outbox payloads of a case, in the order they were queued.
    func payloads(_ opened: StoreBackend.Opened, _ code: String) async throws -> [String] {
        try await opened.texts("SELECT payload AS v FROM outbox WHERE dossier_code = ? ORDER BY event_seq, id", [code])
    }

    func register(_ store: any DossierRepository, _ code: String, at time: String = "2027-03-01T09:00") async throws -> Dossier {
        try await store.perform(Command(action: "register"), on: code, by: Self.clerk, at: Fixture.vn(time), catalog: Fixture.catalog,
                                calendar: Fixture.calendar).dossier
    }

    @Test("arrival keeps the files and queues 01 to the sender, not the portal", arguments: StoreBackend.all)
    func arrival(_ backend: StoreBackend) async throws {
        let opened = try await open(backend)
        let store = opened.store
        let d = try await receive(store, Self.submission(number: "15"))
        #expect(d.kind == .incomingDocument)
        #expect(try await store.dossier(d.code)?.document == d.document)
        #expect(try await store.documentFiles(d.code).map(\.name) == ["15-STC.pdf", "package.edxml"])
        #expect(try await store.documentCase(documentId: "000.00.32.H58,2027/03/01,15/STC") == d.code)
        let outbox = try await store.outbox(dossier: d.code)
        #expect(outbox.map(\.channel) == [.edxml])
        #expect(outbox.first?.target == "000.00.32.H58")
        let status = try JSONDecoder().decode(EdXMLStatus.self, from: Data(try #require(try await payloads(opened, d.code).first).utf8))
        #expect(status.statusCode == "01")
        #expect(status.responseFor.documentId == "000.00.32.H58,2027/03/01,15/STC")
        #expect(status.from.organId == "000.00.01.H22")
    }

    @Test("a duplicate (same DocumentId, or same number, notation and organ) is refused or flagged, never silently twice",
          arguments: StoreBackend.all)
    func duplicates(_ backend: StoreBackend) async throws {
        let opened = try await open(backend)
        let store = opened.store
        let original = try await receive(store, Self.submission(number: "15"))
        await #expect(throws: StoreError.duplicateDocument(of: original.code, reason: "the same DocumentId (000.00.32.H58,2027/03/01,15/STC)")) {
            _ = try await receive(store, Self.submission(number: "15"), policy: .refuse)
        }
        // The refused one left nothing: no case, no keys, no outbox row.
        #expect(try await store.list(DossierStore.Filter(), limit: 10, after: nil).items.count == 1)
        let sameNumber = try await receive(store, Self.submission(number: "15", id: "another-id"), policy: .flag)
        #expect(sameNumber.document?.duplicateOf == original.code)
        #expect(sameNumber.document?.duplicateReason == "the same number, notation and issuing organ")
        // The very same package again (same SHA-256) is its first arrival replayed, under either policy.
        let first = try await receive(store, Self.submission(number: "77", id: "pkg").withPackage("same-bytes"))
        for policy in [ClericalRules.Policy.refuse, .flag] {
            guard case let .replayed(_, replayed?, _) = try await store.receive(
                Self.submission(number: "77", id: "pkg").withPackage("same-bytes"), files: Self.files, by: Self.clerk, at: Fixture.vn("2027-03-02T08:00"),
                catalog: Fixture.catalog, calendar: Fixture.calendar, duplicates: policy, registering: nil, idempotency: nil) else {
                Issue.record("the same package made a second case under \(policy)")
                continue
            }
            #expect(replayed.code == first.code)
        }
        // Another organ's number 15 is another document.
        let other = try await receive(store, Self.submission(number: "15", organ: EdXMLOrgan(organId: "000.00.40.H58")))
        #expect(other.document?.duplicateOf == nil)
    }

    @Test("50 parallel registrations get 50 consecutive numbers, each once, in the register", arguments: StoreBackend.all)
    func parallelRegistrations(_ backend: StoreBackend) async throws {
        let opened = try await open(backend)
        let store = opened.store
        var codes: [String] = []
        for i in 1...50 { codes.append(try await receive(store, Self.submission(number: "\(i)")).code) }
        let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
            for code in codes { group.addTask { try await register(store, code).document?.registerNumber ?? 0 } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(numbers.sorted() == Array(1...50))
        let lines = try await store.register(book: "den", year: 2027, after: 0, limit: 100)
        #expect(lines.map(\.number) == Array(1...50))
        #expect(Set(lines.map(\.dossier.code)) == Set(codes))
        #expect(lines.allSatisfy { $0.dossier.document?.registerNumber == $0.number && $0.dossier.state == "registered" })
        // Registering again is refused by the engine and takes no number.
        await #expect(throws: StoreError.self) { _ = try await register(store, codes[0]) }
        #expect(try await store.lastRegisterNumber(book: "den", year: 2027) == 50)
        // 03 queued for each, after its 01.
        let queued = try await payloads(opened, codes[7])
        #expect(queued.compactMap { try? JSONDecoder().decode(EdXMLStatus.self, from: Data($0.utf8)).statusCode } == ["01", "03"])
    }

    @Test("50 parallel arrivals registered on arrival: 1…50 once each, 01 then 03 queued for each", arguments: StoreBackend.all)
    func registeredOnArrival(_ backend: StoreBackend) async throws {
        let opened = try await open(backend)
        let store = opened.store
        let cases = try await withThrowingTaskGroup(of: Dossier.self) { group in
            for i in 1...50 {
                group.addTask {
                    guard case let .applied(result) = try await store.receive(
                        Self.submission(number: "\(i)"), files: Self.files, by: Self.clerk, at: Fixture.vn("2027-03-01T08:30"),
                        catalog: Fixture.catalog, calendar: Fixture.calendar, duplicates: .refuse, registering: "register",
                        idempotency: nil) else { throw StoreError.idempotencyKeyReused }
                    return result.dossier
                }
            }
            return try await group.reduce(into: [Dossier]()) { $0.append($1) }
        }
        #expect(cases.compactMap(\.document?.registerNumber).sorted() == Array(1...50))
        #expect(cases.allSatisfy { $0.state == "registered" && $0.receivedAt == Fixture.vn("2027-03-01T08:30") })
        #expect(try await store.register(book: "den", year: 2027, after: 0, limit: 100).map(\.number) == Array(1...50))
        let queued = try await payloads(opened, cases[0].code)
        #expect(queued.compactMap { try? JSONDecoder().decode(EdXMLStatus.self, from: Data($0.utf8)).statusCode } == ["01", "03"])
        #expect(try await store.verifyAudit().broken == nil)
    }

    @Test("a new year's first registration is number 1 (injected clock)", arguments: StoreBackend.all)
    func newYear(_ backend: StoreBackend) async throws {
        let opened = try await open(backend)
        let store = opened.store
        let a = try await receive(store, Self.submission(number: "1"), at: "2027-12-31T16:00")
        let b = try await receive(store, Self.submission(number: "2"), at: "2027-12-31T16:00")
        #expect(try await register(store, a.code, at: "2027-12-31T16:30").document?.registerNumber == 1)
        #expect(try await register(store, b.code, at: "2028-01-03T08:00").document?.registerNumber == 1)
        #expect(try await store.register(book: "den", year: 2028, after: 0, limit: 10).map(\.dossier.code) == [b.code])
    }

    @Test("a recall deletes the received bytes and keeps the register line", arguments: StoreBackend.all)
    func recall(_ backend: StoreBackend) async throws {
        let opened = try await open(backend)
        let store = opened.store
        let d = try await receive(store, Self.submission(number: "9"))
        _ = try await register(store, d.code)
        let recalled = try await store.perform(Command(action: "recall", reason: "Ban hành nhầm"), on: d.code, by: Self.clerk,
                                               at: Fixture.vn("2027-03-01T10:00"), catalog: Fixture.catalog, calendar: Fixture.calendar).dossier
        #expect(recalled.document?.contentDestroyed == true)
        #expect(try await store.documentFiles(d.code).isEmpty)
        let line = try #require(try await store.register(book: "den", year: 2027, after: 0, limit: 10).first)
        #expect(line.dossier.code == d.code && line.dossier.state == "recalled" && line.number == 1)
        let verified = try await store.verifyAudit()
        #expect(verified.broken == nil)
        #expect(verified.checked >= 1)
    }
}

extension Submission {
    /// The same submission as received in a package with this digest.
    func withPackage(_ sha: String) -> Submission {
        var s = self
        s.document?.packageSHA256 = sha
        return s
    }
}
