public import Foundation
public import MotCuaCore
public import MotCuaStore

/// A recall received (from the axis or the API): the original's case takes the `recall`
/// action — its content and received bytes are destroyed, its metadata and register line
/// kept, and 15 goes back to the sender by the `edxml-status` route. A recall that cannot
/// be applied (no such document here, or one already finished or refused) is answered 16 with
/// the reason; one already applied is answered nothing new.
public enum DocumentRecall {
    /// What became of a recall.
    public enum Outcome: Sendable, Equatable {
        /// Applied to this case now.
        case recalled(String)
        /// The case was recalled before (the same recall again).
        case already(String)
        /// Refused (answered 16): why.
        case refused(String)
    }

    /// Applies a recall of the document `original` from the organ in `header`.
    public static func apply(_ header: EdXMLHeader, original: String, reason: String?, id: String, desk: DocumentDesk,
                             env: ServerEnvironment, by actor: Actor) async throws -> Outcome {
        let now = env.now()
        func refuse(_ why: String) async throws -> Outcome {
            try await env.dossiers.enqueueNotice(id: "recall.\(id).16", channel: .edxml, to: header.from.organId,
                                                 payload: desk.refusalAnswer(header, reason: why, at: now, code: .recallRefused), at: now)
            return .refused(why)
        }
        guard let code = try await env.dossiers.documentCase(documentId: original),
              let current = try await env.dossiers.dossier(code), current.document?.header.from.organId == header.from.organId else {
            return try await refuse("Không có văn bản \(original) của cơ quan gửi tại \(desk.organ.organName ?? desk.organ.organId)")
        }
        if current.state == "recalled" || current.document?.contentDestroyed == true { return .already(code) }
        do {
            _ = try await env.dossiers.perform(Command(action: "recall", reason: reason.flatMap { $0.isEmpty ? nil : $0 }
                                                           ?? "Thu hồi theo yêu cầu của cơ quan gửi"),
                                               on: code, by: actor, at: now, catalog: env.catalog, calendar: env.calendar,
                                               idempotency: nil)
            return .recalled(code)
        } catch StoreError.rejected(.invalidAction) {
            return try await refuse("Văn bản \(original) đã được xử lý xong (\(current.state)), không thể thu hồi")
        }
    }
}
