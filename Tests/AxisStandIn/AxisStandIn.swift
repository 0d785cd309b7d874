public import Foundation
import MotCuaDelivery

/// The stand-in national document axis (`Tests/integration/axis_stub.py`) as the Swift tests
/// start it: a real HTTP server on 127.0.0.1 that checks every signed header as the SDK
/// defines them, started for one test and killed with it.
public final class AxisStandIn: @unchecked Sendable {
    let process = Process()
    /// The port it listens on.
    public let port: Int

    /// Starts the stand-in with `agencies` (`CODE=SYSTEMID:SECRET[:NAME]`).
    public init(agencies: [String]) throws {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [root.path + "/Tests/integration/axis_stub.py", "--port", "0"] + agencies.flatMap { ["--agency", $0] }
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw AxisError(call: "stand-in", message: "did not start: \(text)", retryable: false)
        }
        self.port = port
    }

    /// Its base URL.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// A test helper (`/debug/state`, `/debug/redeliver?…`), POSTed unsigned through the same
    /// libcurl poster (Foundation has no HTTP client here); the JSON answer.
    public func debug(_ path: String) async throws -> [String: Any] {
        var request = OutgoingPost(url: url + path, headers: [], body: [], timeoutMilliseconds: 5000)
        request.maxResponseBytes = 16 << 20
        let outcome = await HTTPPoster(workers: 1).post(request)
        return try JSONSerialization.jsonObject(with: Data(outcome.body)) as? [String: Any] ?? [:]
    }

    /// `/debug/state`: every message, acknowledgement and refused call.
    public func state() async throws -> [String: Any] { try await debug("/debug/state") }

    deinit {
        // SIGKILL: the child inherits the test runner's signal mask, where SIGTERM may be blocked.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
