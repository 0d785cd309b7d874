import Foundation
import MotCuaCore
import MotCuaDelivery
import MotCuaStore
import MotCuaXML

extension DeliveryDispatcher {
    /// One attempt at an edXML status package: the outbox holds the status as JSON (the
    /// router is pure); it is written as edXML, signed with the agency's key, and sent
    /// through the axis to the organ that sent the document. A payload that cannot be
    /// written or signed is dead at once (retrying would not change it); an axis refusal
    /// is retried when the axis says it may be.
    func sendStatusPackage(_ message: DueMessage) async -> (PostOutcome, permanent: Bool) {
        // Both kinds of edXML message: a status package, or an outgoing document to issue.
        let started = DispatchTime.now().uptimeNanoseconds
        func outcome(_ status: Int?, _ error: String?) -> PostOutcome {
            PostOutcome(status: status, error: error, timedOut: false,
                        milliseconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
        }
        guard let axis = settings.axis else { return (outcome(nil, "no national axis configured"), false) }
        if case let .object(fields)? = JSONValue.parse(Data(message.payload.utf8)) {
            if case let .string(code)? = fields["document"] { return await sendDocument(code, to: message.target, axis: axis, outcome: outcome) }
            if case let .string(code)? = fields["recall"] {
                return await sendDocument(code, to: message.target, axis: axis, recall: true, outcome: outcome)
            }
        }
        let status: EdXMLStatus
        do {
            status = try JSONDecoder().decode(EdXMLStatus.self, from: Data(message.payload.utf8))
        } catch {
            return (outcome(nil, "the status in the outbox is unreadable: \(error)"), true)
        }
        var package = EdXMLWriter.package(status)
        if let identity = settings.signingIdentity {
            do {
                package = try XMLSignature.sign(package, identity: identity)
            } catch {
                return (outcome(nil, "could not sign the status package: \(error)"), true)
            }
        }
        do {
            _ = try await axis.send(package, kind: .status, to: [message.target])
            return (outcome(200, nil), false)
        } catch {
            return (outcome(nil, error.description), !error.retryable)
        }
    }

    /// An outgoing document to one recipient: written from the case as it is now (header,
    /// the files kept with it as attachments), signed, sent as an `edoc`.
    func sendDocument(_ code: String, to recipient: String, axis: any DocumentTransport, recall: Bool = false,
                      outcome: (Int?, String?) -> PostOutcome) async -> (PostOutcome, permanent: Bool) {
        let found: Dossier?
        let files: [DocumentFile]
        do {
            found = try await store.dossier(code)
            files = try await store.documentFiles(code)
        } catch {
            return (outcome(nil, "cannot read the document \(code): \(error)"), false)
        }
        guard let record = found?.document, record.direction == .outgoingDocument else {
            return (outcome(nil, "\(code) is not an outgoing document"), true)
        }
        var header = record.header
        // The business block says what this package is: the document itself, or its recall
        // (which carries no attachment).
        header.business = EdXMLBusiness(documentId: header.documentId, docType: recall ? "1" : "0",
                                        reason: recall ? (record.recallReason ?? "Thu hồi văn bản") : nil)
        // Sent under the names the drafter gave them (the store keeps them numbered, `01-…`).
        let attachments = (recall ? [] : files).enumerated().map { i, f in
            EdXMLAttachment(contentId: "cid:\(i + 1)", attachmentName: record.attachments.first { $0.sha256 == f.sha256 }?.name ?? f.name,
                            contentType: f.contentType, content: Array(f.bytes), sha256: f.sha256)
        }
        let manifest = attachments.map {
            EdXMLReference(contentId: $0.contentId, contentType: $0.contentType, attachmentName: $0.attachmentName)
        }
        var package = EdXMLWriter.package(EdXMLDocument(header: header, manifest: manifest, attachments: attachments))
        if let identity = settings.signingIdentity {
            do {
                package = try XMLSignature.sign(package, identity: identity)
            } catch {
                return (outcome(nil, "could not sign the document: \(error)"), true)
            }
        }
        do {
            _ = try await axis.send(package, kind: .edoc, to: [recipient])
            return (outcome(200, nil), false)
        } catch {
            return (outcome(nil, error.description), !error.retryable)
        }
    }
}
