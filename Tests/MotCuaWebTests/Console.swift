import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MotCuaCore
import MotCuaDefinitions
import MotCuaServer
import MotCuaStore
import MotCuaXML
import MotCuaWeb
import NIOCore

/// A clock the tests move by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date
    init(_ start: Date) { value = start }
    var now: Date { lock.withLock { value } }
    func advance(_ seconds: TimeInterval) { lock.withLock { value = value.addingTimeInterval(seconds) } }
}

/// The console over a fresh SQLite file with the shipped definitions, a desk officer with a
/// known password, and a browser-like cookie jar.
final class Console: @unchecked Sendable {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    static let password = "Mật khẩu 2026!"

    let directory: URL
    let clock = ManualClock(Date(timeIntervalSince1970: 1_803_000_000))
    let users: UserStore
    let desk: User
    let publicURL: String
    let lookupsPerMinute: Int
    private var env: ServerEnvironment!
    private var database: StoreDatabase!
    /// Cookies as a browser keeps them: name → value.
    var cookies: [String: String] = [:]

    /// Another officer with the console password (a department head or specialist).
    func officer(_ username: String, role: Role, department: String?) async throws -> User {
        let (user, _) = try await users.create(username: username, name: "Cán bộ \(username)", role: role, department: department)
        try await users.setPassword(Self.password, for: user.id)
        return user
    }

    init(publicURL: String = "", deskName: String = "Nguyễn Thị Mai", lookupsPerMinute: Int = 30) async throws {
        self.lookupsPerMinute = lookupsPerMinute
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-web-\(UUID().uuidString)")
        self.publicURL = publicURL
        let database = try await StoreDatabase.open(path: directory.appendingPathComponent("motcua.sqlite").path)
        self.database = database
        users = UserStore(database: database)
        (desk, _) = try await users.create(username: "mai", name: deskName, role: .desk, department: "MC")
        try await users.setPassword(Self.password, for: desk.id)
        env = Self.environment(database, users: users, clock: clock)
    }

    var databasePath: String { directory.appendingPathComponent("motcua.sqlite").path }

    static func environment(_ database: StoreDatabase, users: UserStore, clock: ManualClock) -> ServerEnvironment {
        let calendar = DefinitionFiles.calendar(at: root + "/config/calendar.yaml").calendar!
        let organization = DefinitionFiles.organization(at: root + "/config/org.yaml").organization!
        let workflows = DefinitionFiles.workflows(in: [root + "/workflows"], organization: organization,
                                                  standardDaySeconds: calendar.standardDaySeconds).workflows
        var env = ServerEnvironment(users: users, dossiers: DossierStore(database: database, agencyCode: organization.agencyCode),
                                    catalog: WorkflowCatalog(workflows), calendar: calendar, organization: organization,
                                    now: { clock.now })
        env.documents = DocumentDesk(rules: DefinitionFiles.clericalRules(at: root + "/config/documents.yaml").rules!, trust: SignatureTrust(),
                                     organ: EdXMLOrgan(organId: organization.agencyCode, organName: organization.agencyName))
        return env
    }

    /// Opens the database again as a restarted server would (sessions must survive).
    func restart() async throws {
        database = try await StoreDatabase.open(path: databasePath)
        env = Self.environment(database, users: UserStore(database: database), clock: clock)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// The store behind the console (dossiers are logged through it, as the API would).
    var store: DossierStore { env.dossiers as! DossierStore }
    var calendar: WorkingCalendar { env.calendar }
    var catalog: WorkflowCatalog { env.catalog }

    /// Logs a dossier at the desk at `at`.
    func log(_ applicant: String, procedure: String = "1.000173", at: Date) async throws -> Dossier {
        let submission = Submission(procedureCode: procedure, channel: .direct,
                                    applicant: Applicant(name: applicant, idNumber: "062090001234", phone: "0905123456",
                                                         email: "nguoi.nop@example.vn", address: "12 Trần Phú, Hải Châu"),
                                    summary: "Hồ sơ thử")
        return try await store.open(submission, by: desk.actor, at: at, catalog: env.catalog, calendar: env.calendar).dossier
    }

    func application() async throws -> some ApplicationProtocol {
        let console = WebConsole(env: env, pages: try await Pages.load(), sessions: SessionRecords(database: database),
                                 settings: WebSettings(idleHours: 8, publicURL: publicURL, lookupsPerMinute: lookupsPerMinute))
        return Application(router: MotCuaRouter.build(env, pages: console.register(on:), pageNotFound: console.notFound))
    }

    /// Sends a request with the jar's cookies and keeps the cookies the answer sets.
    func send(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, form: [String: String]? = nil,
              rawBody: String? = nil, bytes: [UInt8]? = nil, contentType: String = "application/x-www-form-urlencoded") async throws -> Page {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        var body: ByteBuffer?
        if let form {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            body = ByteBuffer(string: form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&"))
        } else if let rawBody {
            body = ByteBuffer(string: rawBody)
        } else if let bytes {
            body = ByteBuffer(bytes: bytes)
        }
        if body != nil { headers[.contentType] = contentType }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
        let setCookies = response.headers[values: .setCookie]
        for line in setCookies {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty || line.contains("Max-Age=0") { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
        }
        return Page(status: response.status, headers: response.headers, html: String(buffer: response.body), setCookies: setCookies)
    }

    /// Opens the sign-in page and submits it.
    func signIn(_ client: some TestClientProtocol, username: String = "mai", password: String = Console.password) async throws -> Page {
        let form = try await send(client, .get, "/sign-in")
        return try await send(client, .post, "/sign-in", form: ["csrf": form.hidden("csrf") ?? "", "username": username, "password": password])
    }

    /// An online submission from the portal, waiting for the desk.
    func submitOnline(_ applicant: String, at: Date) async throws -> Dossier {
        let submission = Submission(procedureCode: "1.000173", channel: .online, applicant: Applicant(name: applicant), summary: "Nộp trực tuyến",
                                    submittedAt: at)
        let portal = Actor(id: "portal", name: "Cổng dịch vụ công", role: .portal)
        return try await store.open(submission, by: portal, at: at, catalog: env.catalog, calendar: env.calendar).dossier
    }

    /// Takes a dossier from the desk through every step to `result_ready`, each step by its owner.
    func walkToResult(_ code: String, at: Date) async throws -> Dossier {
        var d = try await store.dossier(code)!
        let workflow = env.catalog.workflow(id: d.workflowID, version: d.workflowVersion)!
        while d.state != "result_ready", let t = workflow.transition("forward", from: d.state), let owner = workflow.states[d.state]?.owner,
              let next = t.targetState {
            let actor = Actor(id: "walk-\(owner.role.rawValue)", name: owner.role.vietnameseTitle, role: owner.role, department: owner.department)
            let command = Command(action: "forward", assignee: Assignee(id: "walk-specialist", name: "Chuyên viên"),
                                  assigneePosition: workflow.states[next]?.owner)
            d = try await store.perform(command, on: code, by: actor, at: at, catalog: env.catalog, calendar: env.calendar).dossier
        }
        return d
    }

    /// Rows in a table (to prove what a refused request did not write).
    func count(_ table: String) async throws -> Int {
        try await DatabaseQueue(path: databasePath).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }
}

/// `dd/MM/yyyy HH:mm` in Vietnam's time (UTC+7), computed by Foundation, independently of the pages.
func vietnamTime(_ date: Date) -> String {
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_US_POSIX")
    f.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
    f.dateFormat = "dd/MM/yyyy HH:mm"
    return f.string(from: date)
}

/// An answer as a browser sees it.
struct Page {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let html: String
    let setCookies: [String]

    /// The value of a hidden input.
    func hidden(_ name: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    func cookie(_ name: String) -> String? { setCookies.first { $0.hasPrefix(name + "=") } }
}
