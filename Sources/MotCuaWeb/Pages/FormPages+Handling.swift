import Foundation
import MotCuaCore

extension FormPages {
    /// The handling slip of an incoming document (phiếu giải quyết văn bản đến, Decree
    /// 30/2020): the head's part (instruction, lead and cooperating units, deadline, date),
    /// the unit head's (the officer assigned, date), the cooperating units' (each one's
    /// deadline and opinion) and the handler's (proposal, date), from
    /// the case's events — the last of each, as a slip shows the standing decision.
    func handlingSlip(_ r: DocumentRecord, dossier d: Dossier, events: [DossierEvent]) -> [String: Any] {
        func department(_ code: String) -> String { env.organization.departments.first { $0.code == code }?.name ?? code }
        func at(_ date: Date?) -> String { date.map { LocalTime.text($0, env.calendar) } ?? "" }
        let instruct = events.last { $0.lead != nil }
        let assign = events.last { $0.assignee != nil }
        let finish = events.last { $0.to == "finished" }
        let h = r.header
        return [
            "documentFacts": [
                "number": r.registerNumber.map(DocumentNotation.number) ?? "—", "arrived": at(r.registeredAt),
                "author": h.from.organName ?? h.from.organId, "numberAndNotation": h.numberAndNotation, "date": h.promulgationDate,
                "subject": h.subject, "urgency": h.urgency.map(\.marking).flatMap { $0.isEmpty ? nil : $0 } ?? "Thường",
            ],
            "head": [
                "instruction": instruct?.note ?? "", "lead": instruct?.lead.map(department) ?? "",
                "cooperating": (instruct?.cooperating ?? []).map(department).joined(separator: ", "),
                "deadline": at(d.dueAt), "at": at(instruct?.at), "by": instruct?.actor.name ?? "",
            ],
            "unitHead": ["assignee": assign?.assignee?.name ?? "", "at": at(assign?.at), "by": assign?.actor.name ?? "", "note": assign?.note ?? ""],
            "handler": ["proposal": finish?.note ?? "", "at": at(finish?.at), "by": finish?.actor.name ?? ""],
            "hasOpinions": !r.opinions.isEmpty,
            // The cooperating units' part: each one's deadline and opinion.
            "opinions": r.opinions.map { o -> [String: Any] in
                ["department": department(o.department), "due": at(o.dueAt), "text": o.text ?? "Chưa có ý kiến",
                 "at": at(o.givenAt), "by": o.by ?? "", "late": o.givenAt.map { $0 > o.dueAt } ?? (d.finishedAt == nil && env.now() > o.dueAt)]
            },
        ]
    }
}
