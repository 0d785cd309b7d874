import Foundation
public import Hummingbird
import HummingbirdAuth
public import MotCuaServer
public import MotCuaStore

/// The web console: the pages officers use all day, served by the same router as the API
/// (paths outside `/api/`), with hummingbird-auth's session middleware over the store's
/// session table.
public struct WebConsole: Sendable {
    let env: ServerEnvironment
    let pages: Pages
    let sessions: SessionRecords
    let settings: WebSettings
    /// Signed-in users read in the last second (the middleware reads, the accounts page forgets).
    let signedInUsers = RecentReads<String, User>()

    /// A console over the server's environment and the store's session records.
    public init(env: ServerEnvironment, pages: Pages, sessions: SessionRecords, settings: WebSettings) {
        self.env = env
        self.pages = pages
        self.sessions = sessions
        self.settings = settings
    }

    /// The page for an unknown address (404), for `MotCuaRouter.build(pageNotFound:)`.
    public func notFound() -> Response {
        pages.message("Không tìm thấy trang", "Địa chỉ này không có trong hệ thống. Hãy quay về trang làm việc hoặc tra cứu hồ sơ.",
                      status: .notFound)
    }

    /// Adds the console's routes to the API's router.
    public func register(on router: Router<AppContext>) {
        router.get("/static/motcua.css") { _, _ in pages.css() }
        // Public: no session is read or made.
        let lookup = LookupPage(env: env, pages: pages, limiter: LookupLimiter(perMinute: settings.lookupsPerMinute))
        router.group().add(middleware: PageErrors(pages: pages)).get("/lookup") { request, context in try await lookup.show(request, context) }
        let cookie = SessionCookieParameters(name: "motcua_session", path: "/", secure: settings.secureCookies, sameSite: .lax)
        let storage = SessionStorage<WebSession>(StoreSessionDriver(records: sessions, now: env.now),
                                                 configuration: .init(sessionCookieParameters: cookie, keyPrefix: ""))
        let web = router.group()
            .add(middleware: PageErrors(pages: pages))
            .add(middleware: SessionMiddleware(sessionStorage: storage, defaultSessionExpiration: settings.idle))
            .add(middleware: SignedInUser(users: env.users, idle: settings.idle, recent: signedInUsers))
        let signIn = SignInRoutes(env: env, pages: pages, settings: settings)
        web.get("/") { request, context in try await HomeRoutes(env: env, pages: pages).home(request, context) }
        web.get("/inbox") { request, context in try await InboxRoutes(env: env, pages: pages, settings: settings).inbox(request, context) }
        let dossier = DossierPage(env: env, pages: pages)
        web.get("/dossiers/:code") { request, context in try await dossier.show(request, context) }
        web.post("/dossiers/:code/actions") { request, context in try await ActionForm(env: env, page: dossier).submit(request, context) }
        let desk = DeskRoutes(env: env, pages: pages)
        web.get("/desk") { request, context in try await desk.choose(request, context) }
        web.get("/desk/new") { request, context in try await desk.form(request, context) }
        web.post("/desk/new") { request, context in try await desk.submit(request, context) }
        web.get("/dossiers/:code/forms/:form") { request, context in try await FormPages(env: env, pages: pages).show(request, context) }
        web.get("/dossiers/:code/receipt") { request, context in try await ReceiptPage(env: env, pages: pages).show(request, context) }
        let logBook = LogBookPage(env: env, pages: pages)
        web.get("/log-book") { request, context in try await logBook.show(request, context, csv: false) }
        web.get("/log-book.csv") { request, context in try await logBook.show(request, context, csv: true) }
        let registers = RegisterBookPage(env: env, pages: pages)
        web.get("/registers/:book") { request, context in
            try await registers.show(request, context, csv: context.parameters.get("book")?.hasSuffix(".csv") == true)
        }
        let documentForms = DocumentFormPages(env: env, pages: pages)
        web.get("/documents/new") { request, context in try await documentForms.draftForm(request, context) }
        web.post("/documents/new") { request, context in try await documentForms.draftSubmit(request, context) }
        web.get("/documents/paper") { request, context in try await documentForms.paperForm(request, context) }
        web.post("/documents/paper") { request, context in try await documentForms.paperSubmit(request, context) }
        web.get("/reports") { request, context in try await ReportsPage(env: env, pages: pages).show(request, context) }
        let admin = AdminRoutes(env: env, pages: pages, signedIn: signedInUsers)
        web.get("/admin/users") { request, context in try await admin.users(request, context) }
        web.post("/admin/users") { request, context in try await admin.submit(request, context) }
        let deliveries = DeliveryRoutes(env: env, pages: pages, accounts: admin)
        web.get("/admin/deliveries") { request, context in try await deliveries.list(request, context) }
        web.post("/admin/deliveries") { request, context in try await deliveries.retry(request, context) }
        web.get("/sign-in") { request, context in signIn.form(request, context) }
        web.post("/sign-in") { request, context in try await signIn.submit(request, context) }
        web.post("/sign-out") { request, context in try await signIn.signOut(request, context) }
    }
}

/// Puts the session's user on the context (read at most a second ago, as the API's tokens
/// are: a deactivated user is signed out within a second on every instance) and slides the
/// session's expiry while it is used (at most one write a minute).
struct SignedInUser: RouterMiddleware {
    typealias Context = AppContext
    let users: UserStore
    let idle: Duration
    let recent: RecentReads<String, User>

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        if let session = context.sessions.session {
            if let user = try await recent.value(for: session.userID, read: { try await users.activeUser(id: session.userID) }) {
                context.user = user
                context.sessions.withLockedSession { data in
                    if let left = data?.expiresIn, left < idle - .seconds(60) { data?.expiresIn = idle }
                }
            } else {
                context.sessions.clearSession()
            }
        }
        return try await next(request, context)
    }
}
