public import Foundation
public import Hummingbird
public import HummingbirdAuth
public import MotCuaStore
import NIOCore

/// The request context: Hummingbird's core storage plus the authenticated user, and the
/// web console's session (hummingbird-auth's session middleware fills it on the pages only).
public struct AppContext: RequestContext, SessionRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The caller, once the bearer token (API) or the session (pages) is checked.
    public var user: User?
    /// The console session of this request, if any.
    public let sessions: SessionContext<WebSession>
    /// The connection the request came on (for the client's address, read only when needed).
    private let channel: any Channel

    /// A context for a new request.
    public init(source: Source) {
        coreContext = .init(source: source)
        user = nil
        sessions = SessionContext()
        channel = source.channel
    }

    /// The client's IP address as the connection shows it (a proxy's, behind one).
    public var clientAddress: String? { channel.remoteAddress?.ipAddress }

    /// The id Hummingbird gave the request (also in its log lines).
    public var requestID: String { logger[metadataKey: "hb.request.id"]?.description ?? "-" }

    /// Bodies are read by the routes with their own limit (1 MiB), to answer 413 in the
    /// contract's error shape.
    public var maxUploadSize: Int { 16 << 20 }
}
