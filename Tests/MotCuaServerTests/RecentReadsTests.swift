import Foundation
import MotCuaServer
import Testing

/// The one-second cache behind bearer tokens, console sessions and signed-in users.
@Suite("RecentReads")
struct RecentReadsTests {
    final class Reads: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        var count: Int { lock.withLock { n } }
        func read(_ value: String?) -> String? { lock.withLock { n += 1 }; return value }
    }

    @Test("a value is read once within its lifetime, again after it; absent values and forgotten ones are read each time")
    func lifetime() async throws {
        // Long enough that a loaded machine does not pause the test past it between two reads.
        let cache = RecentReads<String, String>(lifetime: .seconds(2))
        let reads = Reads()
        #expect(try await cache.value(for: "a") { reads.read("x") } == "x")
        #expect(try await cache.value(for: "a") { reads.read("y") } == "x")
        #expect(reads.count == 1)
        try await Task.sleep(for: .milliseconds(2100))
        #expect(try await cache.value(for: "a") { reads.read("y") } == "y")
        #expect(reads.count == 2)
        cache.forget("a")
        #expect(try await cache.value(for: "a") { reads.read(nil) } == nil)
        #expect(try await cache.value(for: "a") { reads.read("z") } == "z")
        #expect(reads.count == 4)
    }

    @Test("at capacity, new values are not kept until old ones expire: memory stays bounded")
    func capacity() async throws {
        let cache = RecentReads<Int, Int>(lifetime: .seconds(60), capacity: 2)
        let reads = Reads()
        for key in 0..<3 { _ = try await cache.value(for: key) { reads.read("v").map { _ in key } } }
        _ = try await cache.value(for: 2) { reads.read("v").map { _ in 2 } }
        #expect(reads.count == 4)  // the third key was not kept
        _ = try await cache.value(for: 0) { reads.read("v").map { _ in 0 } }
        #expect(reads.count == 4)  // the first still is
    }
}
