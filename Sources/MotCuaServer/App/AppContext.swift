public import Foundation
public import Hummingbird
public import HummingbirdAuth
public import MotCuaStore

/// The request context: Hummingbird's core storage plus the authenticated user, and the
/// web console's session (hummingbird-auth's session middleware fills it on the pages only).
public struct AppContext: RequestContext, SessionRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The caller, once the bearer token (API) or the session (pages) is checked.
    public var user: User?
    /// The console session of this request, if any.
    public let sessions: SessionContext<WebSession>

    /// A context for a new request.
    public init(source: Source) {
        coreContext = .init(source: source)
        user = nil
        sessions = SessionContext()
    }

    /// The id Hummingbird gave the request (also in its log lines).
    public var requestID: String { logger[metadataKey: "hb.request.id"]?.description ?? "-" }

    /// Bodies are read by the routes with their own limit (1 MiB), to answer 413 in the
    /// contract's error shape.
    public var maxUploadSize: Int { 16 << 20 }
}
