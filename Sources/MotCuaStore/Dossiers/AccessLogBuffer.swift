import Foundation

/// Reads waiting to be written to the access log. A read is answered without waiting for a
/// commit of its own: entries are written together every few milliseconds (or at 1,000),
/// through the group committer, and on `flush` — which the server calls at shutdown and the
/// log's readers call first, so nothing is lost on a clean stop and every reader sees its
/// own reads. A failed write keeps its entries and is tried again.
actor AccessLogBuffer {
    private var entries: [AccessEntry] = []
    private var scheduled = false
    /// The latest write handed out; each waits for the one before, so a `flush` returns
    /// only after every earlier batch too (the actor is reentrant: without this, a flush
    /// finding nothing waiting returned while a scheduled batch was still committing).
    private var lastWrite: Task<Void, any Error>?
    private let write: @Sendable ([AccessEntry]) async throws -> Void
    private let delay: Duration

    init(delay: Duration = .milliseconds(20), write: @escaping @Sendable ([AccessEntry]) async throws -> Void) {
        self.delay = delay
        self.write = write
    }

    /// Entries waiting beyond this make the reader who adds more wait for a write: the log
    /// keeps up with the reads, or the reads slow to its pace, instead of a backlog growing
    /// in memory (and making a stop wait for all of it).
    static let backlog = 10_000

    func add(_ new: [AccessEntry]) async {
        entries += new
        if entries.count >= Self.backlog {
            try? await flush()
        } else if entries.count >= 1000 {
            Task { try? await self.flush() }
        } else if !scheduled {
            scheduled = true
            Task {
                try? await Task.sleep(for: delay)
                await self.scheduledFlush()
            }
        }
    }

    private func scheduledFlush() async {
        scheduled = false
        do { try await flush() } catch {
            // Kept: try again after a pause (a locked or full disk is usually passing).
            if !scheduled {
                scheduled = true
                Task {
                    try? await Task.sleep(for: .seconds(1))
                    await self.scheduledFlush()
                }
            }
        }
    }

    /// Writes every waiting entry; returns after their commit and that of every batch
    /// handed out before (a failed earlier batch is its own flush's to report and keep).
    func flush() async throws {
        let batch = entries
        entries = []
        let (previous, write) = (lastWrite, self.write)
        let task = Task {
            _ = try? await previous?.value
            if !batch.isEmpty { try await write(batch) }
        }
        lastWrite = task
        do {
            try await task.value
        } catch {
            entries = batch + entries
            throw error
        }
    }
}
