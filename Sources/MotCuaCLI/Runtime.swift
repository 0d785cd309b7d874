import ArgumentParser
import Foundation
import MotCuaCore
import MotCuaDefinitions
import MotCuaServer
import MotCuaStore

/// Options of every subcommand that touches data.
struct DataOptions: ParsableArguments {
    @Option(help: "Configuration file.")
    var config: String = "config/motcua.yaml"

    @Option(help: "Database: a SQLite file path (default data/motcua.sqlite) or a postgres://USER@HOST:PORT/NAME URL (also MOTCUA_DATABASE_URL).")
    var database: String?
}

/// What a running command needs, loaded from configuration: calendar, organization,
/// workflows and the open store. Refuses to start on any invalid definition.
struct Runtime {
    let settings: Settings
    let calendar: WorkingCalendar
    let organization: Organization
    let catalog: WorkflowCatalog
    let database: OpenDatabase
    let users: UserStore
    let dossiers: any DossierRepository
    /// Official documents and the national axis.
    let eOffice: EOfficeSettings

    static func load(_ options: DataOptions) async throws -> Runtime {
        let settings = try loadSettings(options.config)
        let files = DefinitionPaths(calendar: settings["calendar.file"] ?? "config/calendar.yaml",
                                org: settings["organization.file"] ?? "config/org.yaml",
                                workflows: settings["workflows.dir"] ?? "workflows")
        let calendar = try files.loadCalendar()
        guard let organization = try files.loadOrganization() else {
            throw UserFailure(message: "\(files.org): no such file; the server needs the agency and its departments")
        }
        let catalog = WorkflowCatalog(try files.loadWorkflows(calendar: calendar))
        let database = try await OpenDatabase.open(options.database ?? settings["database.url"] ?? settings["database"]
            ?? "data/motcua.sqlite", settings: settings)
        let agency = settings["agency.code"] ?? organization.agencyCode
        let router = try loadRouter(settings: settings, organization: organization)
        let lease = try settings.int("delivery.leaseSeconds", default: 120)
        let timeouts = max(try settings.int("portal.timeoutMs", default: 10_000), try settings.int("smtp.timeoutMs", default: 15_000))
        guard (1...86_400).contains(lease), lease * 1000 >= 2 * timeouts else {
            throw UserFailure(message: "delivery.leaseSeconds must be 1–86400 and at least twice the longest delivery timeout "
                + "(portal.timeoutMs, smtp.timeoutMs: \(timeouts) ms), or a slow delivery would be taken over while still running")
        }
        return Runtime(settings: settings, calendar: calendar, organization: organization, catalog: catalog, database: database,
                       users: database.users, dossiers: database.dossiers(agency: agency, router: router, claimLease: Double(lease)),
                       eOffice: try EOfficeSettings.load(settings, organization: organization))
    }

    /// The configuration file (required unless it is the default one), its problems as user errors.
    static func loadSettings(_ file: String) throws -> Settings {
        do { return try Settings.load(file: file, required: file != "config/motcua.yaml") } catch let p as Problem {
            throw UserFailure(message: p.description)
        }
    }

    /// The notification routes; portal messages are produced only when a portal is configured.
    static func loadRouter(settings: Settings, organization: Organization) throws -> NotificationRouter {
        let file = settings["routes.file"] ?? "config/routes.yaml"
        var routes: [NotificationRoute] = []
        if FileManager.default.fileExists(atPath: file) {
            let text: String
            switch DefinitionFiles.read(file) {
            case let .success(t): text = t
            case let .failure(p): throw UserFailure(message: p.description)
            }
            let (decoded, problems) = NotificationRoute.decodeAll(yaml: text, file: file)
            guard let decoded else { throw UserFailure(message: problems.map(\.description).joined(separator: "\n")) }
            routes = decoded
        }
        // A channel is routed only when it can be delivered.
        var channels: Set<DeliveryChannel> = []
        if !(settings["portal.url"] ?? "").isEmpty { channels.insert(.portal) }
        if !(settings["smtp.url"] ?? "").isEmpty { channels.insert(.email) }
        if EOfficeSettings.axisConfigured(settings) { channels.insert(.edxml) }
        return NotificationRouter(routes: routes, enabledChannels: channels, organization: organization,
                                  organ: EOfficeSettings.organ(settings, organization: organization))
    }

    /// The audit signing key (`audit.keyFile`, default data/audit/checkpoint.key).
    func auditKey(create: Bool) throws -> AuditKey {
        do { return try AuditKey.load(path: settings["audit.keyFile"] ?? "data/audit/checkpoint.key", create: create) } catch {
            throw UserFailure(message: "\(error)")
        }
    }

    /// Who receives each checkpoint by e-mail (`audit.inspectorEmail`), if anyone.
    var inspectorEmail: String? { settings["audit.inspectorEmail"].flatMap { $0.contains("@") ? $0 : nil } }

    /// Where checkpoints are published (`audit.checkpointDir`).
    var checkpointDirectory: String { settings["audit.checkpointDir"] ?? "data/checkpoints" }

    var environment: ServerEnvironment {
        var env = ServerEnvironment(users: users, dossiers: dossiers, catalog: catalog, calendar: calendar, organization: organization)
        env.documents = eOffice.desk
        return env
    }
}
