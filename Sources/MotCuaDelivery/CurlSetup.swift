import CCurl

/// libcurl refused an option while a handle was being set up: an option this libcurl does
/// not support, or a value it will not take. Reported at start-up (`checkOptions`) and,
/// should it happen later, as the attempt's error, never ignored.
public struct CurlSetupError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The option, e.g. `CURLOPT_CAINFO`.
    public var option: String
    /// libcurl's words.
    public var message: String

    public var description: String {
        "libcurl refused \(option): \(message); check the delivery settings (or upgrade libcurl)"
    }
}

/// Applies options to an easy handle and remembers the first refusal.
struct CurlSetup {
    private(set) var failure: CurlSetupError?

    /// Records `code` for `option`; the first failure wins.
    mutating func apply(_ option: String, _ code: CURLcode) {
        guard failure == nil, code != CURLE_OK else { return }
        failure = CurlSetupError(option: option, message: String(cString: curl_easy_strerror(code)))
    }

    /// Throws the first refusal, if any.
    func check() throws(CurlSetupError) {
        if let failure { throw failure }
    }

    /// The options shared by every transfer, on a fresh handle: used at start-up to fail
    /// fast with a clear message rather than on every delivery.
    static func probe(_ configure: (UnsafeMutableRawPointer, inout CurlSetup) -> Void) throws(CurlSetupError) {
        CurlGlobal.initialize()
        guard let h = curl_easy_init() else { throw CurlSetupError(option: "curl_easy_init", message: "no handle") }
        defer { curl_easy_cleanup(h) }
        var setup = CurlSetup()
        configure(h, &setup)
        try setup.check()
    }
}
