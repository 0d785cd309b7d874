public import Foundation
public import MotCuaCore
public import MotCuaStore
public import Prometheus

/// Everything the routes need, built once at start-up.
public struct ServerEnvironment: Sendable {
    /// Users and tokens.
    public let users: UserStore
    /// Dossiers and events: the store port.
    public let dossiers: any DossierRepository
    /// Loaded workflows (every version).
    public let catalog: WorkflowCatalog
    /// The working-day calendar.
    public let calendar: WorkingCalendar
    /// The agency and its departments.
    public let organization: Organization
    /// The clock (tests inject a fixed one).
    public let now: @Sendable () -> Date
    /// Metrics exposed at /metrics.
    public let metrics: PrometheusCollectorRegistry
    /// Dossier views written once per version and reader kind.
    let rendered = RenderedDossiers()
    /// Official documents: rules, trust and identity (`nil`: the e-office is not configured).
    public var documents: DocumentDesk?
    /// How long an `Idempotency-Key` is remembered.
    public var idempotencyLifetime: TimeInterval = IdempotencyRecord.defaultLifetime

    /// An environment.
    public init(users: UserStore, dossiers: any DossierRepository, catalog: WorkflowCatalog, calendar: WorkingCalendar,
                organization: Organization, now: @escaping @Sendable () -> Date = { Date() },
                metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.metrics = metrics
        self.users = users
        self.dossiers = dossiers
        self.catalog = catalog
        self.calendar = calendar
        self.organization = organization
        self.now = now
    }
}
