import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MotCuaCore
import MotCuaDefinitions
import MotCuaServer
import MotCuaStore
import NIOCore
import Testing

/// A clock tests move by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date
    init(_ start: Date) { value = start }
    var now: Date { lock.withLock { value } }
    func set(_ date: Date) { lock.withLock { value = date } }
    func advance(_ seconds: TimeInterval) { lock.withLock { value = value.addingTimeInterval(seconds) } }
}

/// A server over a fresh SQLite file with the shipped definitions and one user per role.
struct TestSystem {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    var env: ServerEnvironment
    let clock: ManualClock
    let directory: URL
    /// Token per user label (desk, headQLCN, specialistQLCN, director, clerkVP, portal, admin, headQLKH, specialistQLKH).
    var tokens: [String: String] = [:]
    var userIDs: [String: String] = [:]
    /// The SQLite store behind `env.dossiers` (its test-only calls).
    let store: DossierStore

    static let cast: [(String, Role, String?)] = [
        ("desk", .desk, "MC"), ("headQLCN", .departmentHead, "QLCN"), ("specialistQLCN", .specialist, "QLCN"),
        ("director", .director, nil), ("clerkVP", .clerk, "VP"), ("portal", .portal, nil), ("admin", .admin, nil),
        ("headQLKH", .departmentHead, "QLKH"), ("specialistQLKH", .specialist, "QLKH"),
    ]

    init(start: String = "2027-03-01T08:00:00+07:00", router: NotificationRouter? = nil) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-test-\(UUID().uuidString)")
        let calendar = DefinitionFiles.calendar(at: Self.root + "/config/calendar.yaml").calendar!
        let organization = DefinitionFiles.organization(at: Self.root + "/config/org.yaml").organization!
        let workflows = DefinitionFiles.workflows(in: [Self.root + "/workflows"], organization: organization,
                                                  standardDaySeconds: calendar.standardDaySeconds).workflows
        let pool = try await StoreDatabase.open(path: directory.appendingPathComponent("motcua.sqlite").path)
        let clock = ManualClock(Timestamp.parse(start)!)
        self.clock = clock
        let users = UserStore(database: pool)
        let store = DossierStore(database: pool, agencyCode: organization.agencyCode, router: router)
        self.store = store
        env = ServerEnvironment(users: users, dossiers: store,
                                catalog: WorkflowCatalog(workflows), calendar: calendar, organization: organization,
                                now: { clock.now })
        for (label, role, department) in Self.cast {
            let (user, token) = try await users.create(username: label.lowercased(), name: "Người dùng \(label)", role: role, department: department)
            tokens[label] = token
            userIDs[label] = user.id
        }
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    var application: some ApplicationProtocol { Application(router: MotCuaRouter.build(env)) }

    /// Counts rows, to prove that refused requests wrote nothing.
    func counts() async throws -> (dossiers: Int, events: Int) {
        let page = try await env.dossiers.list(.init(), limit: 200, after: nil)
        var events = 0
        for d in page.items { events += try await env.dossiers.events(d.code).count }
        return (page.items.count, events)
    }
}

/// A parsed JSON response.
struct Reply {
    let status: HTTPResponse.Status
    let text: String
    let headers: HTTPFields

    var json: Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
    var object: [String: Any] { json as? [String: Any] ?? [:] }
    var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
    subscript(_ key: String) -> Any? { object[key] }
    var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
}

extension TestClientProtocol {
    /// Sends a request; `json` is sent with Content-Type: application/json unless overridden.
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String?, json: String? = nil, body: ByteBuffer? = nil,
              headers extra: HTTPFields = [:]) async throws -> Reply {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil && headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let payload = body ?? json.map { ByteBuffer(string: $0) }
        return try await execute(uri: uri, method: method, headers: headers, body: payload) { response in
            Reply(status: response.status, text: String(buffer: response.body), headers: response.headers)
        }
    }
}

/// A desk submission body.
func submission(_ procedure: String = "1.000173", name: String = "Nguyễn Văn A", extra: String = "") -> String {
    """
    {"procedureCode": "\(procedure)", "channel": "direct",
     "applicant": {"name": "\(name)", "idNumber": "062090001234", "kind": "citizen", "phone": "0905123456",
                   "email": "a@example.vn", "address": "01 Lê Lợi"},
     "summary": "Cấp chứng chỉ nhân viên bức xạ",
     "documents": [{"name": "Đơn đề nghị", "copies": 1, "form": "original"}]\(extra)}
    """
}
