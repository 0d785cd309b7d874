import GRDB
import GRDBSQLite

/// One value bound to a `HotStatement`.
enum SQLArgument {
    case text(String)
    case int(Int)
    case real(Double)
    case null

    /// A text, or NULL.
    static func text(_ value: String?) -> SQLArgument { value.map { .text($0) } ?? .null }
    /// An integer, or NULL.
    static func int(_ value: Int?) -> SQLArgument { value.map { .int($0) } ?? .null }
    /// A real, or NULL.
    static func real(_ value: Double?) -> SQLArgument { value.map { .real($0) } ?? .null }
}

/// One of the writer's per-command statements, bound and stepped straight through
/// SQLite's C API on a statement GRDB prepared and caches (so GRDB still finalizes it
/// with the connection and drops it when the schema changes).
///
/// Why: GRDB's general `execute(arguments:)` boxes every argument, validates them and
/// tracks each statement for database observation. Measured on `motcua bench`, that
/// was about a quarter of the single writer's time per command, and the writer is what
/// bounds the write path. The store registers no transaction observer, so nothing that
/// GRDB's bookkeeping would feed is skipped; errors are GRDB's `DatabaseError`, as before.
struct HotStatement {
    private let statement: Statement
    private let handle: SQLiteStatement

    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
    }

    /// Runs the statement to completion.
    func execute(_ arguments: [SQLArgument]) throws {
        _ = try fetchInt(arguments)
    }

    /// Runs the statement and returns the first column of its first row as an integer
    /// (an `INSERT … RETURNING`); nil when it returns no row.
    func fetchInt(_ arguments: [SQLArgument]) throws -> Int? {
        try bind(arguments)
        defer { sqlite3_reset(handle) }
        var code = sqlite3_step(handle)
        var value: Int?
        if code == SQLITE_ROW, sqlite3_column_type(handle, 0) != SQLITE_NULL {
            value = Int(sqlite3_column_int64(handle, 0))
        }
        while code == SQLITE_ROW { code = sqlite3_step(handle) }
        guard code == SQLITE_DONE else { throw error(code) }
        return value
    }

    private func bind(_ arguments: [SQLArgument]) throws {
        sqlite3_reset(handle)
        guard arguments.count == Int(sqlite3_bind_parameter_count(handle)) else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE,
                                message: "\(arguments.count) arguments for \(sqlite3_bind_parameter_count(handle)) parameters",
                                sql: statement.sql)
        }
        for (offset, argument) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32 = switch argument {
            case let .text(value):
                // A native string is NUL-terminated UTF-8 already: no copy before SQLite's own.
                value.withCString { sqlite3_bind_text(handle, index, $0, Int32(value.utf8.count), Self.transient) }
            case let .int(value): sqlite3_bind_int64(handle, index, sqlite3_int64(value))
            case let .real(value): sqlite3_bind_double(handle, index, value)
            case .null: sqlite3_bind_null(handle, index)
            }
            guard code == SQLITE_OK else { throw error(code) }
        }
    }

    private func error(_ code: Int32) -> DatabaseError {
        let message = sqlite3_db_handle(handle).flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }

    /// SQLite copies the bytes before the bind call returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
}
