import PostgresNIO

/// The lookup of a dossier by code (`PostgresStore.head`: its version, snapshot and the hash
/// its next event chains to, of one version) as a statement prepared once per connection.
/// It is the most frequent read; sent unprepared, PostgreSQL parsed and planned it on every
/// call, and pgbench ran it at 8,000–8,400/s unprepared against 20,800–21,300/s prepared (8
/// clients, 100,000 dossiers, this 2-core machine).
///
/// Rows come back as they are, read by column name as every other read does.
struct DossierHeadStatement: PostgresPreparedStatement {
    typealias Row = PostgresRow

    static let name = "motcua_dossier_head_v1"
    static let sql = """
        SELECT version, snapshot,
               (SELECT hash FROM events WHERE dossier_code = d.code ORDER BY seq DESC LIMIT 1) AS head_hash
        FROM dossiers d WHERE code = $1
        """

    let code: String

    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings(capacity: 1)
        b.append(code)
        return b
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
