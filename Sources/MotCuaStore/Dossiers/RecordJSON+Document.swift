import Foundation
import MotCuaCore

/// A document's JSON in the snapshot, written directly like the rest of `RecordJSON`: every
/// incoming document's registration writes it inside the writer's transaction, where
/// Foundation's encoder was most of the time spent (`motcua bench --documents`). The keys
/// and shapes are those of the types' `Codable` conformance, which reads it back
/// (`RecordJSONTests` checks the round trip on every field).
extension RecordJSON {
    mutating func document(_ r: DocumentRecord) {
        open()
        field("direction", r.direction.rawValue); field("source", r.source.rawValue)
        key("header"); header(r.header)
        key("attachments"); openArray()
        for a in r.attachments {
            element(); open(); field("name", a.name); field("contentType", a.contentType); field("size", a.size); field("sha256", a.sha256); close()
        }
        closeArray()
        key("signature"); signature(r.signature)
        field("packageSHA256", r.packageSHA256); field("book", r.book); field("registerNumber", r.registerNumber)
        field("registeredAt", r.registeredAt); field("handlingDays", r.handlingDays); field("dueDate", r.dueDate)
        field("duplicateOf", r.duplicateOf); field("duplicateReason", r.duplicateReason); field("lead", r.lead)
        field("cooperating", r.cooperating); field("passedOnAt", r.passedOnAt); field("contentDestroyed", r.contentDestroyed)
        field("recallReason", r.recallReason)
        key("answers"); open()
        for (organ, a) in r.answers.sorted(by: { $0.key < $1.key }) {
            escapedKey(organ); open()
            field("organId", a.organId); field("code", a.code); field("description", a.description); field("timestamp", a.timestamp)
            close()
        }
        close()
        field("supersedes", r.supersedes); field("supersededBy", r.supersededBy); field("replyTo", r.replyTo)
        key("opinions"); openArray()
        for o in r.opinions {
            element(); open()
            field("department", o.department); field("dueAt", o.dueAt); field("givenAt", o.givenAt); field("by", o.by); field("text", o.text)
            close()
        }
        closeArray()
        close()
    }

    mutating func header(_ h: EdXMLHeader) {
        open()
        key("from"); organ(h.from)
        key("to"); openArray()
        for o in h.to { element(); organ(o) }
        closeArray()
        field("documentId", h.documentId); field("codeNumber", h.codeNumber); field("codeNotation", h.codeNotation); field("place", h.place)
        field("promulgationDate", h.promulgationDate); field("type", h.type); field("typeDetail", h.typeDetail); field("typeName", h.typeName)
        field("subject", h.subject); field("content", h.content); field("signerCompetence", h.signerCompetence)
        field("signerPosition", h.signerPosition); field("signerFullName", h.signerFullName); field("dueDate", h.dueDate)
        field("priority", h.priority); field("sphereOfPromulgation", h.sphereOfPromulgation); field("typerNotation", h.typerNotation)
        field("promulgationAmount", h.promulgationAmount); field("pageAmount", h.pageAmount); field("direction", h.direction)
        field("appendixes", h.appendixes); field("steeringType", h.steeringType); field("toPlaces", h.toPlaces)
        key("responseFor"); openArray()
        for r in h.responseFor {
            element(); open()
            field("organId", r.organId); field("code", r.code); field("promulgationDate", r.promulgationDate); field("documentId", r.documentId)
            close()
        }
        closeArray()
        key("traces"); openArray()
        for t in h.traces { element(); open(); field("organId", t.organId); field("timestamp", t.timestamp); close() }
        closeArray()
        if let b = h.business {
            key("business"); open()
            field("documentId", b.documentId); field("docType", b.docType); field("reason", b.reason); field("paper", b.paper)
            if let s = b.staff {
                key("staff"); open()
                field("department", s.department); field("staff", s.staff); field("mobile", s.mobile); field("email", s.email)
                close()
            }
            close()
        }
        close()
    }

    mutating func organ(_ o: EdXMLOrgan) {
        open()
        field("organId", o.organId); field("organName", o.organName); field("organizationInCharge", o.organizationInCharge)
        field("organAdd", o.organAdd); field("email", o.email); field("telephone", o.telephone); field("fax", o.fax); field("website", o.website)
        close()
    }

    mutating func signature(_ s: SignatureVerdict) {
        open()
        switch s {
        case .absent: key("absent"); open(); close()
        case .unchecked: key("unchecked"); open(); close()
        case let .valid(signer, trusted):
            key("valid"); open(); field("signer", signer); field("trusted", trusted); close()
        case let .invalid(reason):
            key("invalid"); open(); field("reason", reason); close()
        }
        close()
    }

    mutating func field(_ k: String, _ v: Bool) {
        key(k)
        out += (v ? "true" : "false").utf8
    }
}
