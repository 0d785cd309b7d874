import Crypto
public import Foundation

/// The national document axis (VDXP) over HTTP(S), through the libcurl poster: the calls of
/// the Government Office's SDK (`sendEdoc`, `getReceivedEdocList`, `getEdoc`,
/// `updateStatus`, `getAgenciesList`), each a POST with signed `XroadVnpt-` headers, answered
/// with JSON whose `ErrorCode` "0" means success.
public struct NationalAxis: DocumentTransport {
    /// Base URL, e.g. `https://axis.example.gov.vn/api` (calls are appended).
    public let baseURL: String
    /// This agency's organ code (the `from` of what it sends).
    public let organId: String
    private let signer: AxisHeaderSigner
    private let poster: HTTPPoster
    private let timeoutMilliseconds: Int
    private let clock: @Sendable () -> Date
    /// Largest answer accepted (`getEdoc` carries a whole package in base64).
    public static let maxResponseBytes = 96 << 20

    /// A client for one agency.
    public init(baseURL: String, organId: String, signer: AxisHeaderSigner, poster: HTTPPoster,
                timeoutMilliseconds: Int = 30_000, clock: @escaping @Sendable () -> Date = Date.init) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.organId = organId
        self.signer = signer
        self.poster = poster
        self.timeoutMilliseconds = timeoutMilliseconds
        self.clock = clock
    }

    public func send(_ package: [UInt8], kind: AxisMessageKind, to recipients: [String]) async throws(AxisError) -> String {
        let digest = SHA256.hash(data: package).map { String(format: "%02x", $0) }.joined()
        let to = "[" + recipients.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        let answer = try await call("sendEdoc", [("from", organId), ("servicetype", "eDoc"), ("messagetype", kind.rawValue),
                                                 ("to", to), ("hash-file", digest)], body: package)
        guard let id = answer["DocId"] as? String ?? (answer["DocId"] as? NSNumber)?.stringValue, !id.isEmpty else {
            throw AxisError(call: "sendEdoc", message: "the answer carries no DocId", retryable: false)
        }
        return id
    }

    public func received() async throws(AxisError) -> [AxisMessage] {
        let answer = try await call("getReceivedEdocList", [("servicetype", "eDoc"), ("messagetype", "edoc,status")])
        guard let rows = answer["data"] as? [[String: Any]] else {
            throw AxisError(call: "getReceivedEdocList", message: "the answer has no data list", retryable: false)
        }
        return rows.compactMap { row in
            guard let id = row["docId"] as? String ?? (row["docId"] as? NSNumber)?.stringValue else { return nil }
            return AxisMessage(docId: id, messageType: row["messageType"] as? String ?? "edoc", from: row["from"] as? String ?? "",
                               status: row["status"] as? String, createdTime: row["created_time"] as? String)
        }
    }

    public func fetch(_ id: String) async throws(AxisError) -> [UInt8] {
        let answer = try await call("getEdoc", [("docId", id)])
        guard let encoded = answer["data"] as? String, let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
            throw AxisError(call: "getEdoc", message: "the answer's data is not base64", retryable: false)
        }
        return Array(data)
    }

    public func acknowledge(_ id: String, _ acknowledgement: AxisAcknowledgement) async throws(AxisError) {
        _ = try await call("updateStatus", [("docid", id), ("status", acknowledgement.rawValue)])
    }

    public func agencies() async throws(AxisError) -> [AxisAgency] {
        let answer = try await call("getAgenciesList", [])
        guard let rows = answer["data"] as? [[String: Any]] else {
            throw AxisError(call: "getAgenciesList", message: "the answer has no data list", retryable: false)
        }
        func text(_ value: Any?) -> String? { value as? String ?? (value as? NSNumber)?.stringValue }
        return rows.compactMap { row in
            guard let code = text(row["code"]), let name = text(row["name"]) else { return nil }
            return AxisAgency(code: code, id: text(row["id"]) ?? code, name: name, mail: text(row["mail"]), pid: text(row["pid"]))
        }
    }

    /// One signed call; the JSON answer when `ErrorCode` is "0".
    private func call(_ name: String, _ parameters: [(String, String)], body: [UInt8] = []) async throws(AxisError) -> [String: Any] {
        var request = OutgoingPost(url: baseURL + "/" + name, headers: signer.headers(parameters, at: clock()), body: body,
                                   timeoutMilliseconds: timeoutMilliseconds)
        request.headers.append(("Content-Type", "application/octet-stream"))
        request.maxResponseBytes = Self.maxResponseBytes
        let outcome = await poster.post(request)
        guard let status = outcome.status else {
            throw AxisError(call: name, message: outcome.error ?? "no answer", retryable: true)
        }
        guard (200..<300).contains(status) else {
            let detail = String(decoding: outcome.body.prefix(300), as: UTF8.self)
            throw AxisError(call: name, message: "HTTP \(status)\(detail.isEmpty ? "" : ": " + detail)",
                            retryable: status >= 500 || status == 429 || status == 408)
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(outcome.body)) as? [String: Any] else {
            throw AxisError(call: name, message: "the answer is not a JSON object", retryable: false)
        }
        let code = object["ErrorCode"] as? String ?? (object["ErrorCode"] as? NSNumber)?.stringValue ?? "0"
        guard code == "0" else {
            let description = object["ErrorDesc"] as? String ?? "no description"
            throw AxisError(call: name, message: "error \(code): \(description)", retryable: false)
        }
        return object
    }
}
