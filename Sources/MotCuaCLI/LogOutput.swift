import Foundation
import Logging

/// Where the server's log lines go: `LineLogHandler` (swift-log's stream format) over
/// `BufferedStandardError`. Bootstrapped once per process, as swift-log requires.
enum LogOutput {
    private static let done = NSLock()
    nonisolated(unsafe) private static var bootstrapped = false

    static func bootstrapOnce() {
        done.withLock {
            guard !bootstrapped else { return }
            bootstrapped = true
            LoggingSystem.bootstrap { label in LineLogHandler(label: label) }
        }
    }
}
