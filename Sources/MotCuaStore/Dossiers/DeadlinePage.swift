import Foundation
import MotCuaCore

/// One page of a deadline scan: running steps read in order of their due time, after the
/// last one the previous page read.
///
/// Pages keep a scan's memory to one page at any size (at 1M running dossiers, one read of
/// every step due within 30 days held them all), and the order lets a scan stop early:
/// working time from now grows with the due time, so after the first step that is not yet
/// due soon no later one is either.
struct DeadlinePage {
    /// Steps read per page.
    static let size = 500

    /// Where the next page starts: the due time and code of the last step read (the code
    /// breaks ties between steps due at the same moment).
    struct Cursor: Sendable {
        var due: Double
        var code: String

        /// Before every step.
        static let start = Cursor(due: -Double.greatestFiniteMagnitude, code: "")
    }

    /// A warning to record, with the version its dossier had when read (the mark is made
    /// only if the dossier is still there) and the notices that leave with it.
    struct Candidate: Sendable {
        var warning: DeadlineWarning
        var version: Int
        var messages: [OutboxMessage]
    }

    /// The warnings found on this page.
    var candidates: [Candidate] = []
    /// Where the next page starts, or nil when the scan has read all it needs.
    var next: Cursor?

    /// The cursor after a page of `count` rows whose last was `due`/`code`: none when the
    /// page was short (nothing after it).
    static func next(after count: Int, due: Double, code: String) -> Cursor? {
        count == size ? Cursor(due: due, code: code) : nil
    }

    /// A whole scan: pages read from the start until one says there is nothing more, each
    /// page's candidates marked before the next is read; returns the warnings recorded.
    static func scan(read: (Cursor) async throws -> DeadlinePage,
                     mark: ([Candidate]) async throws -> [DeadlineWarning]) async throws -> [DeadlineWarning] {
        var recorded: [DeadlineWarning] = []
        var cursor = Cursor.start
        while true {
            let page = try await read(cursor)
            recorded += try await mark(page.candidates)
            guard let next = page.next else { return recorded }
            cursor = next
        }
    }

    /// The warning a step due at `due` gets at `now`: overdue once due, due soon when at
    /// most `dueSoonSeconds` of working time remain, none otherwise.
    static func kind(now: Date, due: Date, dueSoonSeconds: Int, calendar: WorkingCalendar) -> DeadlineWarning.Kind? {
        if now >= due { return .overdue }
        return calendar.workingTime(from: now, to: due) <= dueSoonSeconds ? .dueSoon : nil
    }
}
