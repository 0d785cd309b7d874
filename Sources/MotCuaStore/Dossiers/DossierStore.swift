public import Foundation
import GRDB
public import MotCuaCore

/// Dossiers, their event log and idempotency records, on SQLite. Every command commits
/// events, projection (and, later, outbox rows) in one transaction, through the group
/// committer.
public struct DossierStore: Sendable {
    let pool: DatabasePool
    let committer: GroupCommitter
    let cache: SnapshotCache
    let accessBuffer: AccessLogBuffer
    let jobs = RunningJobs()
    /// Agency code: the first part of every dossier code.
    public let agencyCode: String
    /// Turns events into outbox messages (none when `nil`).
    public let router: NotificationRouter?

    /// A store over an open database.
    public init(database: StoreDatabase, agencyCode: String, router: NotificationRouter? = nil) {
        self.pool = database.pool
        self.agencyCode = agencyCode
        self.router = router
        let committer = GroupCommitter(pool: database.pool)
        self.committer = committer
        self.cache = SnapshotCache()
        self.accessBuffer = AccessLogBuffer { entries in try await Self.writeAccess(entries, committer: committer) }
    }

    /// What the single writer has done since the store opened (benchmarks).
    public var writerStatistics: WriterStatistics { committer.statistics }

    /// What a logged submission or an action produced.
    public struct Result: Sendable {
        /// The dossier after the command.
        public var dossier: Dossier
        /// The events appended.
        public var events: [DossierEvent]
        /// The hash the dossier's next event chains to.
        let headHash: String
    }

    // MARK: - Reads

    /// A dossier by code.
    public func dossier(_ code: String) async throws -> Dossier? {
        // Written or read within the last second: see `SnapshotCache` for why that is exact
        // for this process's writes. Measured on GET dossier, the read it saves (a hop to a
        // reader thread and back) cost more than the rest of the request.
        if let recent = cache.recent(code, within: .seconds(1)) { return recent }
        let cache = self.cache
        // One statement reads consistently on its own: no BEGIN and COMMIT around it (two
        // statements GRDB would prepare afresh for every read).
        return try await pool.unsafeRead { db in try Self.head(db, code: code, cache: cache)?.dossier }
    }

    /// The events of a dossier in order.
    public func events(_ code: String) async throws -> [StoredEvent] {
        try await pool.reading { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT payload, prev_hash, hash FROM events WHERE dossier_code = ? ORDER BY seq"),
                             arguments: [code]).map { row in
                StoredEvent(event: try EventChain.event(from: try row.decode("payload")), prevHash: try row.decode("prev_hash"), hash: try row.decode("hash"))
            }
        }
    }

    // MARK: - Rows

    /// A stored dossier and the hash its next event chains to, in one statement (so the two
    /// are of the same version), decoded only if `cache` holds no copy of exactly that
    /// version; the cache keeps the hash, so a command after a read needs no second read.
    static func head(_ db: Database, code: String, cache: SnapshotCache) throws -> SnapshotCache.Head? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT version, snapshot,
                   (SELECT hash FROM events WHERE dossier_code = d.code ORDER BY seq DESC LIMIT 1) AS head_hash
            FROM dossiers d WHERE code = ?
            """), arguments: [code]) else { return nil }
        let hash: String = try row.decodeIfPresent("head_hash") ?? EventChain.genesis
        let dossier = try cache.dossier(code, version: try row.decode("version"), hash: hash, snapshot: { try row.decode("snapshot") })
        return SnapshotCache.Head(dossier: dossier, hash: hash)
    }

    /// The grammar, nesting bounded as for request bodies (a snapshot nests five deep at most).
    static let snapshotRules: StrictJSON.Rules = {
        var rules = StrictJSON.Rules.grammarOnly
        rules.maxDepth = 64
        return rules
    }()

    /// A stored snapshot: read directly when it has the shape `RecordJSON` writes (see
    /// `Dossier.init(record:)`), through `JSONDecoder` otherwise.
    static func decode(_ json: String) throws -> Dossier {
        if let record = StrictJSON.parse(Array(json.utf8), rules: snapshotRules), let dossier = Dossier(record: record) {
            return dossier
        }
        return try JSONDecoder().decode(Dossier.self, from: Data(json.utf8))
    }

    /// Writes outbox rows for the messages of a command, in its transaction.
    static func enqueue(_ db: Database, _ messages: [OutboxMessage], dossier code: String, events: [DossierEvent], at now: Date,
                        seq explicitSeq: Int? = nil) throws {
        let seq = explicitSeq ?? events.last?.seq ?? 0
        guard !messages.isEmpty else { return }
        let insert = try HotStatement(db, sql: """
            INSERT INTO outbox (id, dossier_code, event_seq, channel, target, payload, next_attempt_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for m in messages {
            try insert.execute([.text(m.id), .text(code), .int(seq), .text(m.channel.rawValue), .text(m.target), .text(m.payload),
                                .real(now.timeIntervalSince1970), .real(now.timeIntervalSince1970)])
        }
    }

    /// The next dossier code of the day for the agency, `{agency}-{yyMMdd}-{NNNN}`. The
    /// counter row is incremented inside the writing transaction, so two desks never get
    /// the same code.
    static func nextCode(_ db: Database, agency: String, at now: Date, calendar: WorkingCalendar) throws -> String {
        let (y, m, d) = calendar.local(now).date.components
        let day = Digits.pad(y % 100, 2) + Digits.pad(m, 2) + Digits.pad(d, 2)
        let value = try HotStatement(db, sql: """
            INSERT INTO code_counters (agency, day, value) VALUES (?, ?, 1)
            ON CONFLICT (agency, day) DO UPDATE SET value = value + 1
            RETURNING value
            """).fetchInt([.text(agency), .text(day)]) ?? 1
        return "\(agency)-\(day)-\(Digits.pad(value, 4))"
    }
}
