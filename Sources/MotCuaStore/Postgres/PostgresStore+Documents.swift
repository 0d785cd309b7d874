public import Foundation
import Logging
public import MotCuaCore
import PostgresNIO

extension PostgresStore {
    /// A register book's lines for a year, in number order.
    public func register(book: String, year: Int, after: Int, limit: Int) async throws -> [RegisterLine] {
        let logger = self.logger
        let rows = try await database.read { c in
            try await c.rows("""
                SELECT r.number, r.registered_at, d.snapshot FROM document_register r JOIN dossiers d ON d.code = r.case_code
                WHERE r.book = \(book) AND r.year = \(year) AND r.number > \(after) ORDER BY r.number LIMIT \(limit)
                """, logger: logger)
        }
        return try rows.map {
            RegisterLine(number: try $0.value("number"), registeredAt: Date(timeIntervalSince1970: try $0.value("registered_at")),
                         dossier: try DossierStore.decode(try $0.value("snapshot")))
        }
    }

    /// The files received with a document.
    public func documentFiles(_ code: String) async throws -> [DocumentFile] {
        let logger = self.logger
        let rows = try await database.read { c in
            try await c.rows("SELECT name, content_type, sha256, bytes FROM document_files WHERE case_code = \(code) ORDER BY name",
                             logger: logger)
        }
        return try rows.map {
            DocumentFile(name: try $0.value("name"), contentType: try $0.value("content_type"), sha256: try $0.value("sha256"),
                         bytes: try $0.value("bytes", as: Data.self))
        }
    }

    /// The first case stored under a `DocumentId`.
    public func documentCase(documentId: String) async throws -> String? {
        let logger = self.logger
        return try await database.read { c in
            try await c.rows("SELECT case_code FROM document_keys WHERE document_id = \(documentId) ORDER BY case_code LIMIT 1",
                             logger: logger).first?.value("case_code")
        }
    }

    /// Makes the directory of agencies what the axis lists, in one transaction.
    public func syncAgencies(_ listed: [Agency], at now: Date) async throws -> Int {
        let logger = self.logger
        return try await database.transaction { c in
            let codes = listed.map(\.code)
            var changed = try await c.rows("DELETE FROM agencies WHERE NOT (code = ANY(\(codes))) RETURNING code", logger: logger).count
            for a in listed {
                changed += try await c.rows("""
                    INSERT INTO agencies (code, name, mail, synced_at) VALUES (\(a.code), \(a.name), \(a.mail), \(now.timeIntervalSince1970))
                    ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, mail = EXCLUDED.mail, synced_at = EXCLUDED.synced_at
                    WHERE agencies.name IS DISTINCT FROM EXCLUDED.name OR agencies.mail IS DISTINCT FROM EXCLUDED.mail
                    RETURNING code
                    """, logger: logger).count
            }
            return changed
        }
    }

    /// The directory, by code.
    public func agencies() async throws -> [Agency] {
        let logger = self.logger
        let rows = try await database.read { c in try await c.rows("SELECT code, name, mail FROM agencies ORDER BY code", logger: logger) }
        return try rows.map { Agency(code: try $0.value("code"), name: try $0.value("name"), mail: try $0.optional("mail")) }
    }

    /// The outgoing documents drafted as replies to each of the incoming `codes`.
    public func replies(to codes: [String]) async throws -> [String: [Dossier]] {
        guard !codes.isEmpty else { return [:] }
        let (logger, cache) = (self.logger, self.cache)
        let rows = try await database.read { c in
            try await c.rows("""
                SELECT r.incoming_code, d.code, d.version, d.snapshot FROM document_replies r JOIN dossiers d ON d.code = r.outgoing_code
                WHERE r.incoming_code = ANY(\(codes)) ORDER BY d.seq
                """, logger: logger)
        }
        var found: [String: [Dossier]] = [:]
        for row in rows {
            let d = try cache.dossier(try row.value("code"), version: try row.value("version"), snapshot: { try row.value("snapshot") })
            found[try row.value("incoming_code"), default: []].append(d)
        }
        return found
    }
}

extension PostgresStore: DossierRepository {}
