import Foundation
@testable import MotCuaStore
import MotCuaCore
import Testing

/// The access log's readers flush it first and must then see every read made before.
@Suite("Store: access-log buffer")
struct AccessLogBufferTests {
    /// Batches the buffer wrote, in order, and whether each has finished committing.
    actor Disk {
        var batches: [[AccessEntry]] = []
        var committed = 0
        func write(_ batch: [AccessEntry]) async throws {
            batches.append(batch)
            try await Task.sleep(for: .seconds(1))  // a slow commit
            committed += 1
        }
    }

    @Test("a flush returns only after a scheduled batch already being written has committed")
    func flushWaitsForBatchInFlight() async throws {
        let disk = Disk()
        let buffer = AccessLogBuffer(delay: .milliseconds(10)) { try await disk.write($0) }
        let entry = AccessEntry(dossierCode: "X-1", reader: Actor(id: "u", name: "U", role: .desk, department: "MC"), view: "dossier",
                                at: Date(timeIntervalSince1970: 0))
        await buffer.add([entry])
        // Wait until the scheduled write has started (after 10 ms) and sleeps in its "commit";
        // polled, not timed, so a busy machine cannot make the test pass or fail by chance.
        let deadline = ContinuousClock.now + .seconds(30)
        while await disk.batches.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(await disk.batches.count == 1)
        #expect(await disk.committed == 0, "the batch is still being written when the reader flushes")
        try await buffer.flush()
        #expect(await disk.committed == 1, "flush returned before the batch in flight was committed")
        #expect(await disk.batches.count == 1, "nothing was written twice")
    }
}
