public import Hummingbird

/// The HTTP API of the contract.
public enum MotCuaRouter {
    /// The router with every route and middleware; `pages` adds the web console's routes
    /// (a target of its own) so that they share the router, its middleware and its 405s;
    /// `pageNotFound` answers a GET for an unknown path outside `/api/` (a person followed a
    /// bad link: an HTML page, not the API's JSON).
    public static func build(_ env: ServerEnvironment, pages: ((Router<AppContext>) -> Void)? = nil,
                             pageNotFound: (@Sendable () -> Response)? = nil) -> Router<AppContext> {
        let router = Router(context: AppContext.self)
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: RequestLogMiddleware())
        let table = RouteTableBox()
        router.add(middleware: ErrorShapeMiddleware(routes: table, pageNotFound: pageNotFound))
        router.add(middleware: AuthMiddleware(users: env.users))
        DirectoryRoutes(env: env).register(on: router)
        DossierRoutes(env: env).register(on: router)
        OperationsRoutes(env: env).register(on: router)
        ReportRoutes(env: env).register(on: router)
        DocumentRoutes(env: env).register(on: router)
        pages?(router)
        var routes = RouteTable()
        for route in router.routes { routes.add(route.method, route.path.description) }
        table.set(routes)
        return router
    }
}
