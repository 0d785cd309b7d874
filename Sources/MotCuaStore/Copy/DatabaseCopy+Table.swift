import Foundation
import GRDB
import PostgresNIO

extension DatabaseCopy {
    /// Copies one table in batches, read in key order (rowid, or the primary key of a
    /// `WITHOUT ROWID` table) so each batch is one index range; returns its rows.
    func copy(_ table: String, from snapshot: DatabaseSnapshot, into c: PostgresConnection,
              progress: @escaping @Sendable (String, Int) -> Void) async throws -> Int {
        let logger = target.logger
        let targetColumns: [(name: String, type: String)] = try await c.rows("""
            SELECT column_name::text AS name, data_type::text AS type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(table) ORDER BY ordinal_position
            """, logger: logger).map { (try $0.value("name"), try $0.value("type")) }
        guard !targetColumns.isEmpty else { throw DatabaseCopyError(reason: "the target has no table \(table): is it migrated?") }
        let source = try await snapshot.read { db -> (columns: [String], key: [String])? in
            guard try db.tableExists(table) else { return nil }
            let columns = try db.columns(in: table).map(\.name)
            let hasRowid = (try? db.execute(sql: "SELECT rowid FROM \"\(table)\" LIMIT 0")) != nil
            return (columns, hasRowid ? ["rowid"] : try db.primaryKey(table).columns)
        }
        guard let source else { return 0 }   // a table of a later feature, not in this file
        let rowidColumn = Self.rowidColumns[table]
        let targetNames = Set(targetColumns.map(\.name))
        if let lost = source.columns.first(where: { !targetNames.contains($0) }) {
            throw DatabaseCopyError(reason: "\(table).\(lost) has no column in the target; upgrade the target (motcua db migrate) first")
        }
        let columns = targetColumns.filter { source.columns.contains($0.name) || $0.name == rowidColumn }
        let selected = columns.map { $0.name == rowidColumn ? "rowid" : "\"\($0.name)\"" }
        let batch = max(1, 20_000 / columns.count)
        let key = source.key
        var after: [DatabaseValue]?
        var total = 0
        while true {
            let start = after
            let page = try await snapshot.read { db -> [[DatabaseValue]] in
                let keyList = key.map { $0 == "rowid" ? "rowid" : "\"\($0)\"" }.joined(separator: ", ")
                var sql = "SELECT \(keyList), \(selected.joined(separator: ", ")) FROM \"\(table)\""
                if start != nil { sql += " WHERE (\(keyList)) > (\(key.map { _ in "?" }.joined(separator: ", ")))" }
                sql += " ORDER BY \(keyList) LIMIT \(batch)"
                return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(start ?? [])).map { (row: Row) in Array(row.databaseValues) }
            }
            guard let last = page.last else { break }
            after = Array(last.prefix(key.count))
            var statement = PostgresStatement("INSERT INTO \(table) (\(columns.map(\.name).joined(separator: ", "))) VALUES ")
            for (i, row) in page.enumerated() {
                statement.append(i == 0 ? "(" : ", (")
                for (j, column) in columns.enumerated() {
                    if j > 0 { statement.append(", ") }
                    try statement.append(bind: row[key.count + j], as: column.type, column: "\(table).\(column.name)")
                }
                statement.append(")")
            }
            try await c.query(statement.query, logger: logger)
            total += page.count
            progress(table, total)
            if page.count < batch { break }
        }
        return total
    }
}

extension PostgresStatement {
    /// Appends a SQLite value as the target column's type (SQLite's columns take any value;
    /// PostgreSQL's are typed): a value that cannot be one is an error naming the column.
    mutating func append(bind value: DatabaseValue, as type: String, column: String) throws {
        switch (value.storage, type) {
        case (.null, _): append(bind: SQLArgument.null)
        case let (.string(s), "text"): append(bind: s)
        case let (.int64(i), "text"): append(bind: String(i))
        case let (.int64(i), "bigint"): append(bind: i)
        case let (.double(d), "bigint") where d.rounded() == d && abs(d) < 9e18: append(bind: Int64(d))
        case let (.double(d), "double precision"): append(bind: d)
        case let (.int64(i), "double precision"): append(bind: Double(i))
        case let (.blob(data), "bytea"): append(bind: ByteBuffer(bytes: data))
        case let (.string(s), "bytea"): append(bind: ByteBuffer(string: s))
        default:
            throw DatabaseCopyError(reason: "\(column): the value \(value) cannot be stored as \(type)")
        }
    }
}
