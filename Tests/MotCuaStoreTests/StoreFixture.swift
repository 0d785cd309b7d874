import Foundation
import GRDB
import MotCuaCore
import MotCuaDefinitions
import MotCuaStore

enum Fixture {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    static let calendar = DefinitionFiles.calendar(at: root + "/config/calendar.yaml").calendar!
    static let organization = DefinitionFiles.organization(at: root + "/config/org.yaml").organization!
    static let catalog = WorkflowCatalog(DefinitionFiles.workflows(in: [root + "/workflows"], organization: organization,
                                                                   standardDaySeconds: calendar.standardDaySeconds).workflows)
    static let desk = Actor(id: "u-desk", name: "Nguyễn Thị Mai", role: .desk, department: "MC")
    static let head = Actor(id: "u-head", name: "Trần Văn Hùng", role: .departmentHead, department: "QLCN")
    static let specialist = Assignee(id: "u-spec", name: "Lê Thị Hoa")
    static let specialistPosition = Owner(role: .specialist, department: "QLCN")
    static let submission = Submission(procedureCode: "1.000173", channel: .direct, applicant: Applicant(name: "Nguyễn Văn A"),
                                       summary: "Cấp chứng chỉ")

    static func vn(_ s: String) -> Date { Timestamp.parse(s + ":00+07:00")! }

    /// The SQLite file the fixtures use in `dir`.
    static func databasePath(_ dir: URL) -> String { dir.appendingPathComponent("motcua.sqlite").path }

    /// A SQLite store on `databasePath(dir)`; each call opens it afresh, as another process would.
    static func sqliteStore(_ dir: URL) async throws -> DossierStore {
        DossierStore(database: try await StoreDatabase.open(path: databasePath(dir)), agencyCode: "000.00.01.H22")
    }

    /// The user store of the SQLite database in `dir`.
    static func users(_ dir: URL) async throws -> UserStore { UserStore(database: try await StoreDatabase.open(path: databasePath(dir))) }

    /// Logs the standard submission at the desk; returns its code.
    static func logged(in store: any DossierRepository, at now: Date) async throws -> String {
        try await store.open(submission, by: desk, at: now, catalog: catalog, calendar: calendar).dossier.code
    }

    static func directory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
