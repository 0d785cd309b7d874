import MotCuaCore

/// One row an inbox query read: its order key and the stored dossier.
struct InboxRow: Sendable {
    let due: Double
    let code: String
    let version: Int
    let snapshot: String
}

extension SnapshotCache {
    /// The page the rows of every queue make together: most urgent first, then by code; a
    /// document in its own queue and awaiting an opinion from the same reader's department
    /// is listed once, at its earlier deadline. Both stores read their queues, then this.
    func inboxPage(_ rows: [InboxRow], limit: Int) throws -> (items: [Dossier], next: InboxCursor?) {
        var seen = Set<String>()
        let sorted = rows.sorted { ($0.due, $0.code) < ($1.due, $1.code) }.filter { seen.insert($0.code).inserted }
        let page = sorted.prefix(limit)
        let items = try page.map { r in try dossier(r.code, version: r.version, snapshot: { r.snapshot }) }
        let next = sorted.count > limit ? page.last.map { InboxCursor(due: $0.due, code: $0.code) } : nil
        return (items, next)
    }
}
