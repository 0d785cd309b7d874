public import Hummingbird
public import MotCuaStore

/// The request context: Hummingbird's core storage plus the authenticated user.
public struct AppContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The caller, once the bearer token is checked.
    public var user: User?

    /// A context for a new request.
    public init(source: Source) {
        coreContext = .init(source: source)
        user = nil
    }

    /// The id Hummingbird gave the request (also in its log lines).
    public var requestID: String { logger[metadataKey: "hb.request.id"]?.description ?? "-" }

    /// Bodies are read by the routes with their own limit (1 MiB), to answer 413 in the
    /// contract's error shape.
    public var maxUploadSize: Int { 16 << 20 }
}
