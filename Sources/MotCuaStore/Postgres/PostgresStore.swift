import Foundation
import Logging
public import MotCuaCore
import PostgresNIO

/// Dossiers, their event log, idempotency records, outbox and access log on PostgreSQL:
/// the same port as `DossierStore`, for several instances sharing one database. Each
/// command is one transaction; the row's version check (`UPDATE … WHERE version = $n`)
/// serializes commands on a dossier across instances, the counters are single-row
/// upserts held until commit (no gaps, no repeats), and PostgreSQL's own group commit
/// batches the concurrent transactions' WAL flushes.
public struct PostgresStore: Sendable {
    let database: PostgresDatabase
    let cache: SnapshotCache
    let accessBuffer: AccessLogBuffer
    let openings: PostgresOpenings
    let actions: PostgresActions
    let people: PeopleCache
    /// Agency code: the first part of every dossier code.
    public let agencyCode: String
    /// Turns events into outbox messages (none when `nil`).
    public let router: NotificationRouter?
    /// How long an instance holds the messages it claimed: a dead instance's claims are
    /// taken over by another after this (a delivery attempt ends well within it).
    public let claimLease: Double
    var logger: Logger { database.logger }

    /// A store over an open database.
    public init(database: PostgresDatabase, agencyCode: String, router: NotificationRouter? = nil, claimLease: Double = 120) {
        self.database = database
        self.claimLease = claimLease
        self.agencyCode = agencyCode
        self.router = router
        self.cache = SnapshotCache()
        let people = PeopleCache()
        self.people = people
        self.openings = PostgresOpenings(database: database, agency: agencyCode, router: router, people: people)
        self.actions = PostgresActions(database: database)
        self.accessBuffer = AccessLogBuffer { entries in try await Self.writeAccess(entries, database: database) }
    }

    /// A dossier by code (from memory when written or read here within the last second,
    /// as on SQLite: another instance's write is seen within that second).
    public func dossier(_ code: String) async throws -> Dossier? {
        if let recent = cache.recent(code, within: .seconds(1)) { return recent }
        return try await head(code, fresh: true)?.dossier
    }

    /// The events of a dossier in order.
    public func events(_ code: String) async throws -> [StoredEvent] {
        let logger = self.logger
        return try await database.read { connection in
            try await connection.rows("SELECT payload, prev_hash, hash FROM events WHERE dossier_code = \(code) ORDER BY seq",
                                      logger: logger).map { row in
                StoredEvent(event: try EventChain.event(from: try row.value("payload")), prevHash: try row.value("prev_hash"),
                            hash: try row.value("hash"))
            }
        }
    }

    /// The dossier and the hash its next event chains to: from the cache, or read.
    func head(_ code: String, fresh: Bool) async throws -> SnapshotCache.Head? {
        if !fresh, let cached = cache.get(code), cached.hash != nil { return cached }
        let (cache, logger) = (self.cache, self.logger)
        let head = try await database.read { connection in try await Self.head(connection, code: code, cache: cache, logger: logger) }
        if let head { cache.put(head) }
        return head
    }

    /// The stored dossier and its head hash in one statement (so the two are of one version),
    /// prepared once per connection.
    static func head(_ connection: PostgresConnection, code: String, cache: SnapshotCache, logger: Logger) async throws
        -> SnapshotCache.Head? {
        var found: PostgresRandomAccessRow?
        for try await row in try await connection.execute(DossierHeadStatement(code: code), logger: logger) {
            found = row.makeRandomAccess()
        }
        guard let row = found else { return nil }
        let hash: String = try row.optional("head_hash") ?? EventChain.genesis
        let dossier = try cache.dossier(code, version: try row.value("version"), hash: hash, snapshot: { try row.value("snapshot") })
        return SnapshotCache.Head(dossier: dossier, hash: hash)
    }

    /// The day part of the codes of dossiers logged at `now` (YYMMDD, local time).
    static func codeDay(_ now: Date, calendar: WorkingCalendar) -> String {
        let (y, m, d) = calendar.local(now).date.components
        return Digits.pad(y % 100, 2) + Digits.pad(m, 2) + Digits.pad(d, 2)
    }

    /// Takes the day's next `count` numbers and returns the last: the counter row is upserted
    /// in the command's transaction and stays locked until it ends, so two instances never
    /// get the same number and a rolled-back command leaves no gap.
    static func reserveCodes(_ connection: PostgresConnection, agency: String, day: String, count: Int,
                             logger: Logger) async throws -> Int {
        let rows = try await connection.rows("""
            INSERT INTO code_counters (agency, day, value) VALUES (\(agency), \(day), \(count))
            ON CONFLICT (agency, day) DO UPDATE SET value = code_counters.value + \(count)
            RETURNING value
            """, logger: logger)
        return try rows.first?.value("value") ?? count
    }

    /// A dossier code: agency, day, the day's number.
    static func code(agency: String, day: String, number: Int) -> String { "\(agency)-\(day)-\(Digits.pad(number, 4))" }

    /// Writes outbox rows for a command's messages, in its transaction.
    static func enqueue(_ connection: PostgresConnection, _ messages: [OutboxMessage], dossier code: String?, seq: Int, at now: Date,
                        logger: Logger) async throws {
        let time = now.timeIntervalSince1970
        for m in messages {
            try await connection.query("""
                INSERT INTO outbox (id, dossier_code, event_seq, channel, target, payload, next_attempt_at, created_at)
                VALUES (\(m.id), \(code), \(seq), \(m.channel.rawValue), \(m.target), \(m.payload), \(time), \(time))
                """, logger: logger)
        }
    }

    /// Appends one event row of a dossier's chain.
    static func insertEvent(_ connection: PostgresConnection, code: String, _ row: PreparedCommand.EventRow, logger: Logger) async throws {
        let e = row.event
        try await connection.query("""
            INSERT INTO events (dossier_code, seq, kind, action, at, payload, prev_hash, hash)
            VALUES (\(code), \(e.seq), \(e.kind.rawValue), \(e.action), \(e.at.timeIntervalSince1970), \(row.payload),
                    \(row.previous), \(row.hash))
            """, logger: logger)
    }
}
