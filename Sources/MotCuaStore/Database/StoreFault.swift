import GRDB
import PostgresNIO

/// What kind of failure an error from the database is, so that the server can answer in
/// the contract's shape without knowing the database: a busy, locked, full or unreachable
/// database is temporary (503 with `Retry-After`); anything else the client did not cause
/// (a corrupt stored row, a bug) is internal (500, logged with the request id).
public enum StoreFault: Sendable, Equatable {
    /// Try again later: the database is busy, locked, full or cannot be reached.
    case unavailable(reason: String)
    /// Not the client's fault and not temporary.
    case internalFailure

    /// The fault an error stands for; `nil` when the error is not the database's.
    public static func classify(_ error: any Error) -> StoreFault? {
        if let db = error as? DatabaseError {
            switch db.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: return .unavailable(reason: "the database is busy")
            case .SQLITE_FULL: return .unavailable(reason: "the disk is full")
            case .SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_PROTOCOL, .SQLITE_READONLY:
                return .unavailable(reason: "the database cannot be written")
            default: return .internalFailure
            }
        }
        if error is RowDecodingError { return .internalFailure }
        if let e = error as? PostgresUnavailable { return .unavailable(reason: e.reason) }
        if error is PostgresCommitUnknown { return .unavailable(reason: "the database connection was lost") }
        if let e = error as? PSQLError {
            if PostgresDatabase.isConnectionLoss(e) { return .unavailable(reason: "the database cannot be reached") }
            if let state = e.serverInfo?[.sqlState], state.hasPrefix("53") || state.hasPrefix("57") || state.hasPrefix("08") {
                // insufficient resources, operator intervention (shutdown), connection exceptions.
                return .unavailable(reason: "the database is not available")
            }
            return .internalFailure
        }
        return nil
    }
}
