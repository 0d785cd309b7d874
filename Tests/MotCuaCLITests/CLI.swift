import Foundation

/// Runs the built `motcua` binary as a child process, as a user would.
enum CLI {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The workplace's shared samples: `MOTCUA_SAMPLES` (set by `make test`), else
    /// `../shared/samples` beside the checkout, else `/work/shared/samples`.
    static let samples: String = {
        let candidates = [ProcessInfo.processInfo.environment["MOTCUA_SAMPLES"], root + "/../shared/samples", "/work/shared/samples"]
            .compactMap { $0 }.filter { !$0.isEmpty }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/edxml") } ?? candidates[0]
    }()

    /// `MOTCUA_BIN` (set by `make test`), else the binary beside the test bundle.
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["MOTCUA_BIN"], !path.isEmpty { return path }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("motcua").path) {
            url.deleteLastPathComponent()
        }
        return url.appendingPathComponent("motcua").path
    }()

    /// Runs `motcua`; a run longer than `timeout` seconds is terminated (a server that should
    /// have refused to start must not hang the suite). The child is waited for on a thread of
    /// its own: blocking Swift's few cooperative threads on it starved every other test's tasks
    /// on a loaded machine (a 10 ms timer in another suite went 30 s without running).
    static func run(_ arguments: [String], in directory: String = root, environment extra: [String: String] = [:],
                    timeout: Double? = nil, input: String? = nil) async throws -> Run {
        try await offPool { try runBlocking(arguments, in: directory, environment: extra, timeout: timeout, input: input) }
    }

    /// Runs `body` on a new thread and awaits its result without holding a cooperative thread.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }

    private static func runBlocking(_ arguments: [String], in directory: String, environment extra: [String: String],
                                    timeout: Double?, input: String?) throws -> Run {
        let process = Process()
        if !extra.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(extra) { _, b in b } }
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = input.map { _ in Pipe() }
        if let stdin { process.standardInput = stdin }
        try process.run()
        if let input, let stdin {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        if let timeout {
            let watched = process
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { if watched.isRunning { watched.terminate() } }
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A database path in a fresh temporary directory.
    static func temporaryDatabase() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("motcua.sqlite").path
    }

    /// Runs another executable of the package, found beside `motcua` (waited for off the pool).
    static func runTool(_ name: String, _ arguments: [String]) async throws -> Run {
        try await offPool { try runToolBlocking(name, arguments) }
    }

    private static func runToolBlocking(_ name: String, _ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary).deletingLastPathComponent().appendingPathComponent(name)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: "")
    }
}
