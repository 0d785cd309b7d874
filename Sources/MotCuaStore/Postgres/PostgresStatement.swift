import PostgresNIO

/// A statement built piece by piece, its values bound as `$1, $2…` (never spliced into the
/// text): the filters and the partial `UPDATE`s whose columns depend on the command.
struct PostgresStatement {
    private(set) var sql = ""
    private var binds = PostgresBindings()
    private var count = 0

    init(_ sql: String = "") { self.sql = sql }

    /// The text and the values, `?` placeholders numbered in order (SQLite's form: the
    /// contract tests send one query text to both backends).
    init(sqlite sql: String, _ arguments: [SQLArgument]) {
        append(sqlite: sql, arguments)
    }

    /// Appends text in SQLite's form, its `?` placeholders numbered on from here.
    mutating func append(sqlite sql: String, _ arguments: [SQLArgument]) {
        var values = arguments.makeIterator()
        for character in sql {
            if character == "?", let value = values.next() { append(bind: value) } else { self.sql.append(character) }
        }
    }

    /// Appends text.
    mutating func append(_ text: String) { sql += text }

    /// Appends the placeholder of a value.
    mutating func append<V: PostgresDynamicTypeEncodable>(bind value: V) {
        binds.append(value)
        count += 1
        sql += "$\(count)"
    }

    /// Appends the placeholder of an SQLite-style argument (NULL typed by its context).
    mutating func append(bind value: SQLArgument) {
        switch value {
        case let .text(s): append(bind: s)
        case let .int(i): append(bind: i)
        case let .real(d): append(bind: d)
        case .null:
            binds.appendNull()
            count += 1
            sql += "$\(count)"
        }
    }

    /// The query to send.
    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}

extension PostgresRandomAccessRow {
    /// The column's value; a NULL or a value of another type is an error naming the column.
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        do { return try self[column].decode(T.self) } catch {
            throw StoredRowError(column: column, found: "a value that is not \(T.self)")
        }
    }

    /// The column's value, or `nil` for NULL.
    func optional<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T? where T._DecodableType == T {
        do { return try self[column].decode(T?.self) } catch {
            throw StoredRowError(column: column, found: "a value that is not \(T.self)")
        }
    }
}

extension PostgresConnection {
    /// Every row of `query`, for random access by column name.
    ///
    /// Collected on the connection's event loop (postgres-nio's `EventLoopFuture` form), not
    /// through the async row sequence: with the sequence, rows buffered past its watermark
    /// wait for the consuming task's demand, and a connection the server ends in that moment
    /// stops the process (postgres-nio 1.33.2, `RowStreamStateMachine.channelReadComplete`:
    /// "How can we receive a body part, after a channelReadComplete, but no read has been
    /// forwarded yet", seen under `Tests/integration/postgres_connection_loss_test.py`).
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRandomAccessRow] {
        let result: EventLoopFuture<PostgresQueryResult> = self.query(query, logger: logger)
        return try await result.get().rows.map { $0.makeRandomAccess() }
    }
}
