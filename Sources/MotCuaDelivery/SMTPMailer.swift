import CCurl
import Foundation
public import MotCuaCore

/// Where and how to send mail.
public struct SMTPSettings: Sendable, CustomStringConvertible {
    /// `smtp://host:port` or `smtps://host:port` (no credentials in it).
    public var url: String
    /// Envelope and header sender.
    public var from: String
    public var username: String?
    public var password: String?
    /// 0 none, 1 STARTTLS if offered, 2 STARTTLS required.
    public var startTLS: Int
    public var timeoutMilliseconds: Int
    public var verifyTLS: Bool
    /// CA bundle replacing the system's, for a server with its own certificate.
    public var caFile: String?

    public init(url: String, from: String, username: String? = nil, password: String? = nil, startTLS: Int = 1,
                timeoutMilliseconds: Int = 15_000, verifyTLS: Bool = true, caFile: String? = nil) {
        self.caFile = caFile
        self.url = url
        self.from = from
        self.username = username
        self.password = password
        self.startTLS = startTLS
        self.timeoutMilliseconds = timeoutMilliseconds
        self.verifyTLS = verifyTLS
    }

    /// Never shows the password.
    public var description: String { "SMTPSettings(\(url), from: \(from), user: \(username ?? "-"), password: \(password == nil ? "-" : "***"))" }
}

/// Sends mails through libcurl's SMTP, on a bounded pool of worker threads with reused
/// handles.
public final class SMTPMailer: Sendable {
    private let workers: [SMTPWorker]
    private let next = LockedCounter()
    private let settings: SMTPSettings

    public init(settings: SMTPSettings, workers: Int = 4) {
        CurlGlobal.initialize()
        self.settings = settings
        self.workers = (0..<max(1, workers)).map { SMTPWorker(index: $0) }
    }

    /// Sends one mail; failures are outcomes (status = last SMTP reply code when there was one).
    public func send(_ message: MailMessage) async -> PostOutcome {
        let worker = workers[next.next() % workers.count]
        let settings = self.settings
        return await withCheckedContinuation { continuation in
            worker.queue.async { continuation.resume(returning: worker.send(message, settings: settings)) }
        }
    }
}

final class SMTPWorker: @unchecked Sendable {
    let queue: DispatchQueue
    private let handle: UnsafeMutableRawPointer?

    init(index: Int) {
        queue = DispatchQueue(label: "motcua.smtp.\(index)")
        handle = curl_easy_init()
    }

    deinit { if let handle { curl_easy_cleanup(handle) } }

    func send(_ message: MailMessage, settings: SMTPSettings) -> PostOutcome {
        let start = DispatchTime.now()
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6 }
        guard let h = handle else { return PostOutcome(status: nil, error: "libcurl could not start", timedOut: false, milliseconds: 0) }
        curl_easy_reset(h)
        let source = UploadSource(Array(message.rendered().utf8))
        var recipients: UnsafeMutablePointer<curl_slist>?
        for address in message.to { recipients = curl_slist_append(recipients, "<\(address)>") }
        defer { curl_slist_free_all(recipients) }
        var setup = CurlSetup()
        Self.common(h, &setup, settings)
        setup.apply("CURLOPT_MAIL_RCPT", mc_set_mail_rcpt(h, recipients))
        setup.apply("CURLOPT_UPLOAD", mc_set_upload(h, { buffer, size, count, context in
            guard let buffer, let context else { return 0 }
            return Unmanaged<UploadSource>.fromOpaque(context).takeUnretainedValue().read(into: buffer, max: size * count)
        }, Unmanaged.passUnretained(source).toOpaque(), source.count))
        if let failure = setup.failure {
            return PostOutcome(status: nil, error: failure.description, timedOut: false, milliseconds: elapsed())
        }
        let code = curl_easy_perform(h)
        withExtendedLifetime(source) {}
        let reply = Int(mc_response_code(h))
        guard code == CURLE_OK else {
            // libcurl's messages name the failure, never the credentials.
            let error = String(cString: curl_easy_strerror(code))
            return PostOutcome(status: reply == 0 ? nil : reply, error: error, timedOut: mc_is_timeout(code) != 0, milliseconds: elapsed())
        }
        return PostOutcome(status: reply == 0 ? 250 : reply, error: nil, timedOut: false, milliseconds: elapsed())
    }
}

extension SMTPWorker {
    /// Options every mail sets, whatever the message.
    static func common(_ h: UnsafeMutableRawPointer, _ setup: inout CurlSetup, _ settings: SMTPSettings) {
        setup.apply("CURLOPT_URL", mc_set_url(h, settings.url))
        setup.apply("CURLOPT_PROTOCOLS_STR", mc_set_protocols_smtp(h))
        setup.apply("CURLOPT_NOSIGNAL", mc_set_nosignal(h))
        setup.apply("CURLOPT_SSL_VERIFYPEER", mc_set_verify(h, settings.verifyTLS ? 1 : 0))
        if let caFile = settings.caFile { setup.apply("CURLOPT_CAINFO", mc_set_ca_file(h, caFile)) }
        setup.apply("CURLOPT_TIMEOUT_MS", mc_set_timeout_ms(h, settings.timeoutMilliseconds))
        setup.apply("CURLOPT_CONNECTTIMEOUT_MS", mc_set_connect_timeout_ms(h, min(settings.timeoutMilliseconds, 5000)))
        setup.apply("CURLOPT_USE_SSL", mc_set_starttls(h, Int32(settings.startTLS)))
        if let user = settings.username, let password = settings.password {
            setup.apply("CURLOPT_USERNAME", mc_set_login(h, user, password))
        }
        setup.apply("CURLOPT_MAIL_FROM", mc_set_mail_from(h, "<\(settings.from)>"))
    }
}

extension SMTPMailer {
    /// Sets the SMTP options on a fresh handle: an option or value this libcurl refuses is
    /// reported here, at start-up.
    public static func checkOptions(_ settings: SMTPSettings) throws(CurlSetupError) {
        try CurlSetup.probe { h, setup in SMTPWorker.common(h, &setup, settings) }
    }
}

/// The message bytes libcurl reads as it uploads.
final class UploadSource {
    private let bytes: [UInt8]
    private var offset = 0
    var count: Int { bytes.count }

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: UnsafeMutablePointer<CChar>, max: Int) -> Int {
        let n = min(max, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            UnsafeMutableRawPointer(buffer).copyMemory(from: base + offset, byteCount: n)
        }
        offset += n
        return n
    }
}
