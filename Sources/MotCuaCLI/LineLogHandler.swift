import Foundation
import Logging

/// swift-log's stream format (`timestamp level label: key=value … [source] message`),
/// written to `BufferedStandardError` at a fraction of `StreamLogHandler`'s cost: the
/// timestamp is formatted once a second, not per line, and the line is built in one
/// string. With a line per request, the stream handler's formatting was a tenth of a
/// cached `GET /api/v1/dossiers/{code}` (measured with perf).
struct LineLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    private let output: BufferedStandardError

    init(label: String, output: BufferedStandardError = .shared, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider) {
        self.label = label
        self.output = output
        self.metadataProvider = metadataProvider
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty { all.merge(provided) { _, new in new } }
        if let explicit = event.metadata, !explicit.isEmpty { all.merge(explicit) { _, new in new } }
        if let error = event.error {
            all["error.message"] = "\(error)"
            all["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        var line = LineTimestamp.shared.now()
        line.reserveCapacity(160)
        line += " "
        line += event.level.rawValue
        if !label.isEmpty { line += " " + label }
        line += ":"
        for (key, value) in all.sorted(by: { $0.key < $1.key }) {
            line += " "
            line += key
            line += "="
            line += value.description
        }
        line += " ["
        line += event.source
        line += "] "
        line += event.message.description
        line += "\n"
        output.write(line)
    }
}

/// The local time as swift-log prints it (`%Y-%m-%dT%H:%M:%S%z`), formatted once a second.
final class LineTimestamp: @unchecked Sendable {
    static let shared = LineTimestamp()
    private let lock = NSLock()
    private var second: time_t = -1
    private var text = ""

    func now() -> String {
        var t = time(nil)
        return lock.withLock {
            if t != second {
                second = t
                var parts = tm()
                var buffer = [CChar](repeating: 0, count: 64)
                if localtime_r(&t, &parts) != nil, strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts) > 0 {
                    text = String(cString: buffer)
                } else {
                    text = "<unknown>"
                }
            }
            return text
        }
    }
}
