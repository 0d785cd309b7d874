import Foundation
import MotCuaCore
import MotCuaDefinitions
import MotCuaServer
import MotCuaStore
import MotCuaXML

/// The second figure of `motcua bench --documents N`: incoming documents imported and
/// registered durably per second — each package read and validated, stored as a case with
/// its files and keys (its 01 queued), then registered with the next number of the book
/// (its 03 queued), every step committed — with `concurrency` packages in flight. The floor
/// is raw single-row SQLite commits on the same disk in the same run. Afterwards the
/// register must hold exactly 1…N, each once, and the event chains must verify.
struct DocumentImportBench {
    let files: ConfigFiles
    let directory: URL

    struct Figures {
        let packages: Int
        let seconds: Double
        let floorCommitsPerSecond: Double
        var perSecond: Double { Double(packages) / seconds }
    }

    func run(count: Int, concurrency: Int, progress: Bool) async throws -> Figures {
        let calendar = try files.loadCalendar()
        let organization = try files.loadOrganization() ?? Organization(agencyCode: "000.00.01.H22", agencyName: "Sở", departments: [])
        let catalog = WorkflowCatalog(try files.loadWorkflows(calendar: calendar))
        guard let workflow = catalog.documentWorkflow(.incomingDocument) else {
            throw UserFailure(message: "no incoming-document workflow in \(files.workflowsDirectory)/ (kind: incoming_document)")
        }
        let (rules, problems) = DefinitionFiles.clericalRules(at: "config/documents.yaml")
        guard let rules else { throw UserFailure(message: problems.map(\.description).joined(separator: "\n")) }
        let us = EdXMLOrgan(organId: organization.agencyCode, organName: organization.agencyName)
        let desk = DocumentDesk(rules: rules, trust: SignatureTrust(), organ: us)
        var route = NotificationRoute(name: "edxml-status", channel: .edxml)
        route.edxmlStatus = true
        let router = NotificationRouter(routes: [route], enabledChannels: [.edxml], organization: organization, organ: us)
        let floor = try await BenchResult.floor(path: directory.appendingPathComponent("floor-documents.sqlite").path, commits: 2000)
        let store = DossierStore(database: try await StoreDatabase.open(path: directory.appendingPathComponent("documents.sqlite").path),
                                 agencyCode: organization.agencyCode, router: router)
        let packages = (1...count).map { Self.package(number: $0, to: us) }
        let clerk = Actor(id: "bench-clerk", name: "Văn thư", role: .clerk, department: "VP")
        let now = Date()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func add() {
                let bytes = packages[next]
                next += 1
                group.addTask {
                    guard case let .accepted(submission, files, _) = desk.read(bytes, hashFile: nil, source: .axis, workflow: workflow) else {
                        throw UserFailure(message: "a generated package was refused")
                    }
                    // Registered on arrival, as a package whose signature verifies is
                    // (registerOnArrival); the packages are unsigned, so that this figure
                    // is the store's: the signature check's cost is the first figure's.
                    guard case .applied = try await store.receive(submission, files: files, by: clerk, at: now, catalog: catalog,
                                                                  calendar: calendar, duplicates: .refuse, registering: "register",
                                                                  idempotency: nil) else {
                        throw UserFailure(message: "a generated package was taken for one seen before")
                    }
                }
            }
            for _ in 0..<min(concurrency, count) { add() }
            var done = 0
            while try await group.next() != nil {
                done += 1
                if progress && done % max(1, count / 10) == 0 { print("  imported and registered \(done)/\(count)") }
                if next < count { add() }
            }
        }
        let seconds = BenchPlan.seconds(ContinuousClock.now - start)
        let year = calendar.local(now).date.year
        let lines = try await store.register(book: "den", year: year, after: 0, limit: count + 1)
        guard lines.map(\.number) == Array(1...count), Set(lines.map(\.dossier.code)).count == count else {
            throw UserFailure(message: "the register does not hold 1…\(count) once each after the import")
        }
        let audit = try await store.verifyAudit()
        guard audit.broken == nil, audit.checked == count else { throw UserFailure(message: "the import's event chains do not verify") }
        return Figures(packages: count, seconds: seconds, floorCommitsPerSecond: floor.perSecond)
    }

    /// An unsigned 8 KB package numbered `number` (one attachment), addressed to `to`.
    static func package(number: Int, to: EdXMLOrgan) -> [UInt8] {
        var h = EdXMLHeader(from: EdXMLOrgan(organId: "000.00.32.H58", organName: "Sở Tài chính"), to: [to],
                            documentId: "000.00.32.H58,2027/03/01,\(number)/STC-NS", codeNumber: "\(number)", codeNotation: "STC-NS",
                            promulgationDate: "2027/03/01", type: "2", subject: "Về việc báo cáo số \(number)")
        h.typeName = "Công văn"
        h.business = EdXMLBusiness(documentId: h.documentId, docType: "0")
        let content = [UInt8](repeating: UInt8(number % 251), count: 5_000)
        return EdXMLWriter.package(EdXMLDocument(
            header: h, manifest: [EdXMLReference(contentId: "cid:1", attachmentName: "cv.pdf")],
            attachments: [EdXMLAttachment(contentId: "cid:1", attachmentName: "cv.pdf", content: content, sha256: "")]))
    }
}
