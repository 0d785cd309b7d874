public import Foundation

/// Where a PostgreSQL database is, read from a `postgres://user:password@host:port/database`
/// URL (`postgresql://` too), with the pool's size as `?pool=N` (default 10). A password
/// may also come from `PGPASSWORD`, as for psql, so that it stays out of process lists.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// Host name or address.
    public var host: String
    /// TCP port.
    public var port: Int
    /// Role to connect as.
    public var user: String
    /// Its password, if the server asks for one.
    public var password: String?
    /// Database name.
    public var database: String
    /// The most connections this process opens (on demand; see `PostgresDatabase.init`).
    public var poolSize: Int
    /// How long a request's statements may run once it has a connection before the
    /// connection is closed under them and the request answered as unavailable (a statement
    /// the server will never answer, seen as it shut down, is not waited on forever). Not
    /// read from the URL: 15 s, which an interactive request never nears; the test suites,
    /// where a starved machine is the norm, allow more.
    public var workLimit: Duration = .seconds(15)

    /// The pool sizes allowed: the scheduled jobs (deadline scan, record keeping, axis poll)
    /// each hold a connection during their round, and requests need the rest.
    public static let poolSizes = 4...500
    /// What a wrong pool size is told.
    public static let poolSizeRule = "pool must be 4–500 connections (the scheduled jobs hold one each during their rounds)"

    /// Whether `text` names a PostgreSQL database rather than a SQLite file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses `text`; the error says what is wrong and how a URL looks.
    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let example = "postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?pool=N]"
        guard Self.isURL(text), text.utf8.count <= 2048, let components = URLComponents(string: text),
              let host = components.host, !host.isEmpty else {
            throw PostgresLocationError(url: text, reason: "not a PostgreSQL URL; write it as \(example)")
        }
        let name = String(components.path.drop(while: { $0 == "/" }))
        guard !name.isEmpty, !name.contains("/") else {
            throw PostgresLocationError(url: text, reason: "no database name after the host; write it as \(example)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw PostgresLocationError(url: text, reason: "no user before the host; write it as \(example)")
        }
        var pool = 10
        for item in components.queryItems ?? [] {
            switch item.name {
            case "pool":
                guard let n = item.value.flatMap(Int.init), Self.poolSizes.contains(n) else {
                    throw PostgresLocationError(url: text, reason: Self.poolSizeRule)
                }
                pool = n
            case "sslmode" where item.value == "disable": break
            default:
                throw PostgresLocationError(url: text, reason: "unknown parameter '\(item.name)' (known: pool, sslmode=disable)")
            }
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user
        self.password = components.password ?? environment["PGPASSWORD"]
        self.database = name
        self.poolSize = pool
    }

    /// The URL without its password (for logs and messages).
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}

/// A database URL that cannot be used.
public struct PostgresLocationError: Error, CustomStringConvertible, Sendable {
    /// The URL as given (its password removed).
    public var url: String
    /// What is wrong with it.
    public var reason: String

    init(url: String, reason: String) {
        self.url = url.replacingOccurrences(of: #":[^:@/]*@"#, with: ":***@", options: .regularExpression)
        self.reason = reason
    }

    /// `url: reason`.
    public var description: String { "\(url): \(reason)" }
}
