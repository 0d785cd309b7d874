public import Foundation
public import MotCuaCore
public import MotCuaStore
public import MotCuaXML

/// How this agency takes in official documents: its clerical rules, whose signatures it
/// trusts, and who it is on the national axis. Shared by the API (`POST /api/v1/documents`)
/// and the axis poller, so that a package is judged the same whichever way it came.
public struct DocumentDesk: Sendable {
    /// Register books, handling days, duplicate and signature policies.
    public let rules: ClericalRules
    /// Certificates whose signatures are trusted.
    public let trust: SignatureTrust
    /// This agency as the axis knows it.
    public let organ: EdXMLOrgan
    /// Largest package accepted, in bytes.
    public var maxPackageBytes: Int = 20 << 20

    /// A desk.
    public init(rules: ClericalRules, trust: SignatureTrust, organ: EdXMLOrgan) {
        self.rules = rules
        self.trust = trust
        self.organ = organ
    }

    /// What reading a package decided.
    public enum Intake: Sendable {
        /// A document to take in: its case, its files (the package, then each attachment),
        /// and the action that registers it at once, when the rules say so.
        case accepted(Submission, [DocumentFile], registering: String?)
        /// Refused, with the header when the package could be read (then the sender is answered 02).
        case refused(DocumentArrival.Refusal, header: EdXMLHeader?)
        /// The sender recalls a document it sent before (`Bussiness` type 1), named by its
        /// `DocumentId`; the reason, when given.
        case recall(header: EdXMLHeader, original: String, reason: String?)
    }

    /// Reads, validates and judges an edXML package: `hashFile` is the sender's SHA-256
    /// (axis header `hash-file`), when given.
    public func read(_ bytes: [UInt8], hashFile: String?, source: DocumentRecord.Source, workflow: Workflow) -> Intake {
        guard bytes.count <= maxPackageBytes else {
            return .refused(.init(code: "too_large", reason: "Gói tin lớn hơn \(maxPackageBytes >> 20) MB"), header: nil)
        }
        let reading: EdXMLReading
        do {
            reading = try EdXMLReader.read(bytes, file: "package.edxml", expectedSHA256: hashFile, trust: trust)
        } catch {
            return .refused(.init(code: error.code, reason: error.message), header: nil)
        }
        guard case let .document(document) = reading.package else {
            return .refused(.init(code: "not_a_document", reason: "Gói tin trạng thái không phải văn bản đến"), header: nil)
        }
        if let problem = reading.firstError {
            return .refused(.init(code: problem.code, reason: problem.message), header: document.header)
        }
        guard document.header.to.contains(where: { $0.organId == organ.organId }) else {
            return .refused(.init(code: "not_for_us", reason: "Văn bản không gửi cho \(organ.organName ?? organ.organId)"),
                            header: document.header)
        }
        if document.header.businessType == .recall {
            if case let .invalid(why) = document.signature {
                return .refused(.init(code: "invalid_signature", reason: "Chữ ký số không hợp lệ: \(why)"), header: document.header)
            }
            let business = document.header.business
            let original = business.map(\.documentId).flatMap { $0.isEmpty ? nil : $0 } ?? document.header.documentId
            return .recall(header: document.header, original: original, reason: business?.reason)
        }
        switch DocumentArrival.submission(document, source: source, packageSHA256: reading.sha256, workflowID: workflow.id, rules: rules) {
        case let .failure(refusal):
            return .refused(refusal, header: document.header)
        case let .success(submission):
            var files = [DocumentFile(name: "package.edxml", contentType: "application/xml", sha256: reading.sha256, bytes: Data(bytes))]
            for (i, a) in document.attachments.enumerated() {
                files.append(DocumentFile(name: String(format: "%02d-", i + 1) + a.attachmentName,
                                          contentType: a.contentType ?? "application/octet-stream", sha256: a.sha256, bytes: Data(a.content)))
            }
            // Registered at once only when the rules say so and the signature verifies: a
            // flagged one waits for the clerk.
            let verified = if case .valid = document.signature { true } else { false }
            return .accepted(submission, files, registering: rules.registerOnArrival && verified ? "register" : nil)
        }
    }

    /// The answer to a package that did not become a case (02 refused, 16 recall refused),
    /// as the outbox's `edxml` payload.
    public func refusalAnswer(_ header: EdXMLHeader, reason: String, at now: Date, code: EdXMLStatusCode = .refused) -> String {
        let status = StatusAnswer.answer(header, from: organ, staff: nil, code: code, description: reason, at: now)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(status)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
