import Foundation

/// Reads waiting to be written to the access log. A read is answered without waiting for a
/// commit of its own: entries are written together every few milliseconds (or at 1,000),
/// through the group committer, and on `flush` — which the server calls at shutdown and the
/// log's readers call first, so nothing is lost on a clean stop and every reader sees its
/// own reads. A failed write keeps its entries and is tried again.
actor AccessLogBuffer {
    private var entries: [AccessEntry] = []
    private var scheduled = false
    private let write: @Sendable ([AccessEntry]) async throws -> Void
    private let delay: Duration

    init(delay: Duration = .milliseconds(20), write: @escaping @Sendable ([AccessEntry]) async throws -> Void) {
        self.delay = delay
        self.write = write
    }

    func add(_ new: [AccessEntry]) {
        entries += new
        if entries.count >= 1000 {
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

    /// Writes every waiting entry; returns after their commit.
    func flush() async throws {
        guard !entries.isEmpty else { return }
        let batch = entries
        entries = []
        do {
            try await write(batch)
        } catch {
            entries = batch + entries
            throw error
        }
    }
}
