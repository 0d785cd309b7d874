import Foundation
import GRDB
import MotCuaCore

/// The cooperating departments' opinions on documents (ý kiến phối hợp): while one is
/// awaited the document also waits in that department's inbox, ordered by the opinion's
/// own deadline. `document_opinions` holds one row per awaited opinion of an open case,
/// written in the command's transaction.
extension DossierStore {
    /// Keeps `document_opinions` in step with a document's awaited opinions.
    static func keepOpinions(_ db: Database, code: String, before: Dossier, after: Dossier, workflow: Workflow) throws {
        let open = !(workflow.states[after.state]?.terminal ?? true)
        let awaited = open ? (after.document?.opinions ?? []).filter { $0.givenAt == nil } : []
        let previous = (before.document?.opinions ?? []).filter { $0.givenAt == nil }
        if open && awaited == previous { return }
        try db.cachedStatement(sql: "DELETE FROM document_opinions WHERE case_code = ?").execute(arguments: [code])
        for opinion in awaited {
            try db.cachedStatement(sql: "INSERT INTO document_opinions (asked_of, opinion_due, case_code) VALUES (?, ?, ?)")
                .execute(arguments: [opinion.department, opinion.dueAt.timeIntervalSince1970, code])
        }
    }

    /// One opinion queue's page, keyset on (opinion_due, case_code) like `inboxSQL`.
    static func opinionInboxSQL(conditions: [String]) -> String {
        let extra = conditions.map { " AND " + $0 }.joined()
        return """
            SELECT code, o.opinion_due AS queue_due, version, snapshot
            FROM document_opinions o JOIN dossiers ON dossiers.code = o.case_code
            WHERE o.asked_of = ? AND (o.opinion_due > ? OR (o.opinion_due = ? AND o.case_code > ?))\(extra)
            ORDER BY o.opinion_due, o.case_code LIMIT ?
            """
    }
}
