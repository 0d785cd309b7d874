import CCurl
import Foundation

/// One HTTP POST to make.
public struct OutgoingPost: Sendable {
    /// Target URL (http or https).
    public var url: String
    /// Header lines, name and value.
    public var headers: [(String, String)]
    /// Body bytes.
    public var body: [UInt8]
    /// Whole-transfer timeout.
    public var timeoutMilliseconds: Int
    /// Keep the response body up to this many bytes (a longer one fails the transfer);
    /// 0 discards it, as portal pushes do.
    public var maxResponseBytes: Int = 0

    /// A POST.
    public init(url: String, headers: [(String, String)], body: [UInt8], timeoutMilliseconds: Int) {
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutMilliseconds = timeoutMilliseconds
    }
}

/// What came back: a status, or a transport error (refused, timeout …).
public struct PostOutcome: Sendable, Equatable {
    /// HTTP status, when a response arrived.
    public var status: Int?
    /// `Retry-After`, in seconds, when the server sent one.
    public var retryAfterSeconds: Int?
    /// Transport error, when no response arrived.
    public var error: String?
    /// Whether the transfer hit the timeout.
    public var timedOut: Bool
    /// How long the attempt took.
    public var milliseconds: Double
    /// The response body, when the request asked to keep it.
    public var body: [UInt8] = []

    /// Whether the receiver accepted the message.
    public var delivered: Bool { (200..<300).contains(status ?? 0) }

    /// An outcome.
    public init(status: Int?, retryAfterSeconds: Int? = nil, error: String?, timedOut: Bool, milliseconds: Double) {
        self.status = status
        self.retryAfterSeconds = retryAfterSeconds
        self.error = error
        self.timedOut = timedOut
        self.milliseconds = milliseconds
    }
}

/// HTTP POSTs through libcurl on a bounded pool of worker threads, each reusing one easy
/// handle (and so its connections): concurrency without a thread per transfer.
public final class HTTPPoster: Sendable {
    private let workers: [CurlWorker]
    private let next = LockedCounter()

    /// A poster with `workers` concurrent transfers. TLS peers are verified unless
    /// `verifyTLS` is false; `caFile` replaces the system's CA bundle; `dnsServers`
    /// (`1.2.3.4,5.6.7.8`) replaces the system's resolvers where libcurl supports it.
    public init(workers: Int = 8, verifyTLS: Bool = true, caFile: String? = nil, dnsServers: String? = nil) {
        CurlGlobal.initialize()
        self.workers = (0..<max(1, workers)).map { CurlWorker(index: $0, verifyTLS: verifyTLS, caFile: caFile, dnsServers: dnsServers) }
    }

    /// Sends a POST and waits for its outcome; never throws: failures are outcomes.
    public func post(_ request: OutgoingPost) async -> PostOutcome {
        let worker = workers[next.next() % workers.count]
        return await withCheckedContinuation { continuation in
            worker.queue.async { continuation.resume(returning: worker.perform(request)) }
        }
    }
}

/// One thread's easy handle. Used only on its serial queue.
final class CurlWorker: @unchecked Sendable {
    let queue: DispatchQueue
    private let handle: UnsafeMutableRawPointer?
    private let verifyTLS: Bool
    private let caFile: String?
    private let dnsServers: String?

    init(index: Int, verifyTLS: Bool, caFile: String?, dnsServers: String?) {
        self.dnsServers = dnsServers
        queue = DispatchQueue(label: "motcua.curl.\(index)")
        handle = curl_easy_init()
        self.verifyTLS = verifyTLS
        self.caFile = caFile
    }

    deinit { if let handle { curl_easy_cleanup(handle) } }

    func perform(_ request: OutgoingPost) -> PostOutcome {
        let start = DispatchTime.now()
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6 }
        guard let h = handle else { return PostOutcome(status: nil, error: "libcurl could not start", timedOut: false, milliseconds: 0) }
        curl_easy_reset(h)
        let response = ResponseCollector()
        let context = Unmanaged.passUnretained(response).toOpaque()
        var headers: UnsafeMutablePointer<curl_slist>?
        for (name, value) in request.headers where !name.contains(where: { $0 == "\r" || $0 == "\n" || $0 == ":" })
            && !value.contains(where: { $0 == "\r" || $0 == "\n" }) {
            headers = curl_slist_append(headers, "\(name): \(value)")
        }
        headers = curl_slist_append(headers, "Expect:")
        defer { curl_slist_free_all(headers) }
        var setup = CurlSetup()
        setup.apply("CURLOPT_URL", mc_set_url(h, request.url))
        Self.common(h, &setup, verifyTLS: verifyTLS, caFile: caFile, timeoutMilliseconds: request.timeoutMilliseconds,
                    dnsServers: dnsServers)
        setup.apply("CURLOPT_HTTPHEADER", mc_set_headers(h, headers))
        // An empty array has no base address, and a NULL body makes libcurl read stdin.
        setup.apply("CURLOPT_POSTFIELDS", request.body.isEmpty ? mc_set_post(h, "", 0) : request.body.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { mc_set_post(h, $0.baseAddress, buffer.count) }
        })
        response.limit = request.maxResponseBytes
        setup.apply("CURLOPT_WRITEFUNCTION", mc_set_write_callback(h, { data, size, count, context in
            guard let data, let context else { return size * count }
            let collector = Unmanaged<ResponseCollector>.fromOpaque(context).takeUnretainedValue()
            return collector.body(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
        }, context))
        setup.apply("CURLOPT_HEADERFUNCTION", mc_set_header_callback(h, { data, size, count, context in
            guard let data, let context else { return size * count }
            let collector = Unmanaged<ResponseCollector>.fromOpaque(context).takeUnretainedValue()
            collector.header(String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self))
            return size * count
        }, context))
        if let failure = setup.failure {
            return PostOutcome(status: nil, error: failure.description, timedOut: false, milliseconds: elapsed())
        }
        let code = curl_easy_perform(h)
        withExtendedLifetime(response) {}
        guard code == CURLE_OK else {
            if response.overflowed {
                return PostOutcome(status: nil, error: "the response is larger than \(request.maxResponseBytes) bytes",
                                   timedOut: false, milliseconds: elapsed())
            }
            let message = String(cString: curl_easy_strerror(code))
            return PostOutcome(status: nil, error: message, timedOut: mc_is_timeout(code) != 0, milliseconds: elapsed())
        }
        var outcome = PostOutcome(status: Int(mc_response_code(h)), retryAfterSeconds: response.retryAfter, error: nil,
                                  timedOut: false, milliseconds: elapsed())
        outcome.body = response.kept
        return outcome
    }
}

extension CurlWorker {
    /// Options every portal transfer sets, whatever the request.
    static func common(_ h: UnsafeMutableRawPointer, _ setup: inout CurlSetup, verifyTLS: Bool, caFile: String?, timeoutMilliseconds: Int,
                       dnsServers: String?) {
        setup.apply("CURLOPT_PROTOCOLS_STR", mc_set_protocols_http(h))
        setup.apply("CURLOPT_NOSIGNAL", mc_set_nosignal(h))
        setup.apply("CURLOPT_SSL_VERIFYPEER", mc_set_verify(h, verifyTLS ? 1 : 0))
        if let caFile { setup.apply("CURLOPT_CAINFO", mc_set_ca_file(h, caFile)) }
        if let dnsServers { setup.apply("CURLOPT_DNS_SERVERS", mc_set_dns_servers(h, dnsServers)) }
        setup.apply("CURLOPT_TIMEOUT_MS", mc_set_timeout_ms(h, timeoutMilliseconds))
        setup.apply("CURLOPT_CONNECTTIMEOUT_MS", mc_set_connect_timeout_ms(h, min(timeoutMilliseconds, 5000)))
    }
}

extension HTTPPoster {
    /// Sets the portal options on a fresh handle: an option or value this libcurl refuses
    /// is reported here, at start-up.
    public static func checkOptions(verifyTLS: Bool, caFile: String?, timeoutMilliseconds: Int,
                                    dnsServers: String? = nil) throws(CurlSetupError) {
        try CurlSetup.probe { h, setup in
            CurlWorker.common(h, &setup, verifyTLS: verifyTLS, caFile: caFile, timeoutMilliseconds: timeoutMilliseconds,
                              dnsServers: dnsServers)
        }
    }
}

/// Collects the response headers motcua cares about, and the body when asked to.
final class ResponseCollector {
    var retryAfter: Int?
    var limit = 0
    var kept: [UInt8] = []
    var overflowed = false

    /// Keeps a chunk of the body; `false` (stop the transfer) beyond the limit.
    func body(_ chunk: UnsafeRawBufferPointer) -> Bool {
        guard limit > 0 else { return true }
        guard kept.count + chunk.count <= limit else {
            overflowed = true
            return false
        }
        kept.append(contentsOf: chunk)
        return true
    }

    func header(_ line: String) {
        let parts = line.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "retry-after" else { return }
        let value = parts[1].trimmingCharacters(in: .whitespacesAndNewlines)
        if let seconds = Int(value), seconds >= 0 {
            retryAfter = min(seconds, 86_400)
        } else if let date = RetryAfter.httpDate(value) {
            retryAfter = max(0, min(86_400, Int(date.timeIntervalSinceNow.rounded(.up))))
        }
    }
}

/// HTTP-date parsing for `Retry-After`.
enum RetryAfter {
    static func httpDate(_ text: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 0)
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return f.date(from: text)
    }
}

/// libcurl's process-wide initialisation, done once.
enum CurlGlobal {
    static let initialized: Bool = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK }()
    static func initialize() { _ = initialized }
}

/// A thread-safe counter for round-robin.
final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.withLock { value += 1; return value } }
}
