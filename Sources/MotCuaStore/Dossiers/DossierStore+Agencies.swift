public import Foundation
import GRDB

/// An agency on the national document axis.
public struct Agency: Sendable, Hashable {
    /// Its code (mã định danh), e.g. `000.00.32.H58`.
    public var code: String
    /// Its name.
    public var name: String
    /// Its e-mail address, when the axis gives one.
    public var mail: String?

    /// An agency.
    public init(code: String, name: String, mail: String? = nil) {
        self.code = code
        self.name = name
        self.mail = mail
    }
}

extension DossierStore {
    /// Makes the directory what the axis lists, in one transaction: agencies no longer listed
    /// are removed, the others inserted or updated. Returns how many rows changed.
    public func syncAgencies(_ listed: [Agency], at now: Date) async throws -> Int {
        try await committer.write { db in
            var changed = 0
            let codes = Set(listed.map(\.code))
            for code in try String.fetchAll(db, sql: "SELECT code FROM agencies") where !codes.contains(code) {
                try db.execute(sql: "DELETE FROM agencies WHERE code = ?", arguments: [code])
                changed += 1
            }
            for a in listed {
                try db.execute(sql: """
                    INSERT INTO agencies (code, name, mail, synced_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (code) DO UPDATE SET name = excluded.name, mail = excluded.mail, synced_at = excluded.synced_at
                    WHERE name IS NOT excluded.name OR mail IS NOT excluded.mail
                    """, arguments: [a.code, a.name, a.mail, now.timeIntervalSince1970])
                changed += db.changesCount
            }
            return changed
        }
    }

    /// The directory, by code.
    public func agencies() async throws -> [Agency] {
        try await pool.reading { db in
            try Row.fetchAll(db, sql: "SELECT code, name, mail FROM agencies ORDER BY code").map {
                Agency(code: $0["code"], name: $0["name"], mail: $0["mail"])
            }
        }
    }
}
