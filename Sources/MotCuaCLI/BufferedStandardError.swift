import Foundation

/// Standard error for the server's log, written in batches by a queue of its own.
///
/// swift-log's stream handler writes and flushes every line under a lock, from the task
/// that logs it: with one line per request that cost more than answering a cached
/// `GET /api/v1/dossiers/{code}` (measured with `Benchmarks/http.sh`). Here a routine
/// line (trace, debug, info, notice) waits at most 20 ms in memory; a warning or worse
/// is handed to the queue at once; everything is written before the process ends
/// (`flush()` after the server stops, and at exit). The lines keep swift-log's format.
final class BufferedStandardError: TextOutputStream, @unchecked Sendable {
    static let shared = BufferedStandardError()

    private let lock = NSLock()
    private var buffer: [UInt8] = []
    private var scheduled = false
    private let queue = DispatchQueue(label: "motcua.log")
    /// A buffer this large is written at once, whatever its lines.
    private let highWater = 256 * 1024

    private init() {
        atexit { BufferedStandardError.shared.flush() }
    }

    func write(_ string: String) {
        let urgent = !Self.isRoutine(string)
        let schedule: DispatchTimeInterval? = lock.withLock {
            buffer.append(contentsOf: string.utf8)
            if urgent || buffer.count >= highWater {
                scheduled = true
                return .never
            }
            if scheduled { return nil }
            scheduled = true
            return .milliseconds(20)
        }
        switch schedule {
        case nil: break
        case .never?: queue.async { self.flush() }
        case let delay?: queue.asyncAfter(deadline: .now() + delay) { self.flush() }
        }
    }

    /// Writes what is buffered now (blocking: for the queue, and for the end of the process).
    func flush() {
        let bytes: [UInt8] = lock.withLock {
            defer {
                buffer.removeAll(keepingCapacity: buffer.capacity <= highWater)
                scheduled = false
            }
            return buffer
        }
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(2, raw.baseAddress! + offset, raw.count - offset)
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
            }
        }
    }

    /// Whether a swift-log line (`timestamp level label: …`) is below warning.
    static func isRoutine(_ line: String) -> Bool {
        guard let space = line.utf8.firstIndex(of: UInt8(ascii: " ")) else { return false }
        let rest = line.utf8[line.utf8.index(after: space)...]
        for level in ["info ", "debug ", "trace ", "notice "] where rest.starts(with: level.utf8) { return true }
        return false
    }
}
