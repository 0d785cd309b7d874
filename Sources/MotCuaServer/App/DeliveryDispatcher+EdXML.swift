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
        let started = DispatchTime.now().uptimeNanoseconds
        func outcome(_ status: Int?, _ error: String?) -> PostOutcome {
            PostOutcome(status: status, error: error, timedOut: false,
                        milliseconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
        }
        guard let axis = settings.axis else { return (outcome(nil, "no national axis configured"), false) }
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
}
