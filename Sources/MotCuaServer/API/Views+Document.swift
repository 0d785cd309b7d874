import Foundation
import MotCuaCore

extension Views {
    /// What a case that is an official document shows beyond a dossier: the header as
    /// received, attachments by digest, the signature's verdict, the register line, the
    /// instruction and the flags a clerk must see (duplicate, invalid signature, recalled).
    static func document(_ r: DocumentRecord, calendar: WorkingCalendar) -> JSONValue {
        let h = r.header
        let signature: JSONValue = switch r.signature {
        case .absent: .ordered([("verdict", .string("absent"))])
        case .unchecked: .ordered([("verdict", .string("unchecked"))])
        case let .valid(signer, trusted):
            .ordered([("verdict", .string("valid")), ("signer", optional(signer)), ("trusted", .bool(trusted))])
        case let .invalid(reason): .ordered([("verdict", .string("invalid")), ("reason", .string(reason))])
        }
        return .ordered([
            ("direction", .string(r.direction.rawValue)), ("source", .string(r.source.rawValue)),
            ("documentId", .string(h.documentId)), ("numberAndNotation", .string(h.numberAndNotation)),
            ("promulgationDate", .string(h.promulgationDate)), ("type", .string(h.type)), ("typeName", optional(h.typeName)),
            ("subject", .string(h.subject)), ("content", optional(h.content)), ("priority", optional(h.priority)),
            ("from", .ordered([("organId", .string(h.from.organId)), ("organName", optional(h.from.organName))])),
            ("signer", optional(h.signerFullName)), ("signerPosition", optional(h.signerPosition)),
            ("attachments", .array(r.attachments.map {
                .ordered([("name", .string($0.name)), ("contentType", .string($0.contentType)), ("size", .int($0.size)),
                          ("sha256", .string($0.sha256))])
            })),
            ("signature", signature), ("packageSHA256", optional(r.packageSHA256)),
            ("book", .string(r.book)), ("registerNumber", r.registerNumber.map { .int($0) } ?? .null),
            ("registeredAt", time(r.registeredAt, calendar)), ("dueDate", time(r.dueDate, calendar)),
            ("handlingDays", .int(r.handlingDays)), ("lead", optional(r.lead)),
            ("cooperating", .array(r.cooperating.map(JSONValue.string))),
            ("duplicateOf", optional(r.duplicateOf)), ("duplicateReason", optional(r.duplicateReason)),
            ("contentDestroyed", .bool(r.contentDestroyed)),
            ("supersedes", optional(r.supersedes)), ("supersededBy", optional(r.supersededBy)), ("replyTo", optional(r.replyTo)),
            ("opinions", .array(r.opinions.map { opinion($0, calendar: calendar) })),
            ("recipients", .array(r.direction == .outgoingDocument ? h.to.map { organ in
                let answer = r.answers[organ.organId]
                return .ordered([
                    ("organId", .string(organ.organId)), ("organName", optional(organ.organName)),
                    ("status", optional(answer?.code)), ("statusLabel", optional(answer.flatMap { EdXMLStatusCode(rawValue: $0.code)?.label })),
                    ("description", optional(answer?.description)), ("timestamp", optional(answer?.timestamp)),
                ])
            } : [])),
        ])
    }

    /// A cooperating department's opinion.
    static func opinion(_ o: DocumentRecord.Opinion, calendar: WorkingCalendar) -> JSONValue {
        .ordered([("department", .string(o.department)), ("dueAt", time(o.dueAt, calendar)), ("givenAt", time(o.givenAt, calendar)),
                  ("by", optional(o.by)), ("text", optional(o.text))])
    }
}
