import Foundation

/// The shared sample packages, read where the workplace keeps them (never copied into the
/// project): `MOTCUA_SAMPLES` (set by `make test`), else `../shared/samples` beside the
/// checkout, else `/work/shared/samples` (a CI clone elsewhere on this machine).
enum Samples {
    /// The package root.
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The samples directory (the first candidate when none exists: the test then fails on it).
    static let directory: String = {
        let candidates = [ProcessInfo.processInfo.environment["MOTCUA_SAMPLES"], root + "/../shared/samples", "/work/shared/samples"]
            .compactMap { $0 }.filter { !$0.isEmpty }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/edxml") } ?? candidates[0]
    }()

    /// The path of `edxml/<name>` among the samples.
    static func edxmlPath(_ name: String) -> String { directory + "/edxml/" + name }

    /// The bytes of `edxml/<name>` among the samples.
    static func edxml(_ name: String) throws -> [UInt8] {
        try Array(Data(contentsOf: URL(fileURLWithPath: edxmlPath(name))))
    }

    /// A fresh scratch directory.
    static func scratch() throws -> String {
        let path = NSTemporaryDirectory() + "motcua-xml-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs a program, returning its exit status and combined output. It is waited for on a
    /// thread of its own, not on one of Swift's few cooperative threads, which every other
    /// test's tasks need meanwhile.
    @discardableResult
    static func run(_ program: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try runBlocking(program, arguments) }) }
        }
    }

    private static func runBlocking(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
