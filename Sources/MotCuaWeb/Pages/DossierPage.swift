import Foundation
import Hummingbird
import HummingbirdAuth
import MotCuaCore
import MotCuaServer
import MotCuaStore

/// `GET /dossiers/{code}`: the dossier as an officer works on it — header, documents, the
/// process control slip (one row per hand-off), notification deliveries, and the actions
/// the engine allows this officer now, as forms with the fields each needs.
struct DossierPage {
    let env: ServerEnvironment
    let pages: Pages

    func show(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let user = context.user, let session = context.sessions.session else { return Pages.seeOther("/sign-in") }
        let code = context.parameters.get("code") ?? ""
        return try await render(code, user: user, session: session, notice: nil, status: .ok)
    }

    /// The page for `code`, or a 404 page when the reader may not see it (no existence leak).
    func render(_ code: String, user: User, session: WebSession, notice: (text: String, isError: Bool)?,
                status: HTTPResponse.Status) async throws -> Response {
        let layout = Layout.signedIn(user: user, session: session, organization: env.organization)
        guard let found = try await ReadableDossier.find(code, by: user, needing: .submitted, in: env) else {
            return pages.dossierNotFound(layout)
        }
        let (d, workflow, access) = (found.dossier, found.workflow, found.access)
        try await env.dossiers.recordAccess([AccessEntry(dossierCode: d.code, reader: user.actor, view: "dossier-page", at: env.now())])
        var values = layout
        values["title"] = "Hồ sơ \(d.code)"
        values["code"] = d.code
        values["version"] = d.version
        values["procedure"] = workflow?.procedure.map { "\($0.code) — \($0.name)" } ?? d.procedureCode
        values["state"] = label(d.state, workflow)
        values["applicant"] = access == .whole ? d.applicant.name : "—"
        values["summary"] = d.summary
        values["appointment"] = d.dueAt.map { LocalTime.text($0, env.calendar) } ?? "—"
        values["stepDue"] = d.stepDueAt.map { LocalTime.text($0, env.calendar) } ?? "—"
        values["clock"] = d.clock == .running ? "Đang tính hạn" : d.clock == .paused ? "Tạm dừng tính hạn" : "Đã dừng tính hạn"
        values["documents"] = d.documents.map { ["name": $0.name, "copies": $0.copies, "form": $0.form == .original ? "Bản chính" : "Bản sao"] }
        if let document = d.document, access == .whole {
            values["title"] = "Văn bản \(document.header.numberAndNotation)"
            var facts = documentFacts(document)
            if document.direction == .incomingDocument {
                // Its replies, and for the lead department's specialists a way to draft one.
                facts["replies"] = (try await env.dossiers.replies(to: [d.code])[d.code] ?? []).map {
                    ["code": $0.code, "text": RegisterBookPage.replyText($0)]
                }
                facts["canReply"] = user.role == .specialist && user.department != nil && user.department == document.lead
            }
            if let answered = document.replyTo { facts["replyTo"] = answered }
            facts["incoming"] = document.direction == .incomingDocument
            values["document"] = facts
        }
        let events = try await env.dossiers.events(d.code)
        values["slip"] = slip(events, workflow: workflow, access: access)
        if let workflow, workflow.procedure != nil {
            let explanation = AppointmentExplanation.explain(events.map(\.event), workflow: workflow, calendar: env.calendar, now: env.now())
            values["why"] = AppointmentSection(calendar: env.calendar).values(explanation, access: access)
        }
        // The printed forms this dossier's history can fill (readers of the whole dossier).
        if access == .whole {
            let done = Set(events.map(\.event.action))
            values["formLinks"] = ["supplement", "refusal", "apology", "stop"].compactMap { key -> [String: Any]? in
                guard let form = FormPages.forms[key], let action = form.action, done.contains(action) else { return nil }
                return ["form": key, "label": form.title]
            }
        }
        let deliveries = access == .whole ? try await deliveries(d) : []
        let actions = try await actions(d, workflow: workflow, user: user, session: session)
        (values["deliveries"], values["hasDeliveries"]) = (deliveries, !deliveries.isEmpty)
        (values["actions"], values["hasActions"]) = (actions.joined(), !actions.isEmpty)
        if let notice { values[notice.isError ? "error" : "notice"] = notice.text }
        return pages.render("dossier", values, status: status)
    }

    /// The process control slip (HTML rows): each hand-off with the step it closed and how it ended.
    func slip(_ events: [StoredEvent], workflow: Workflow?, access: ReadAccess) -> String {
        events.map { stored in
            let e = stored.event
            let by = access == .whole ? "\(e.actor.name) (\(e.actor.role.vietnameseTitle))" : e.actor.role.vietnameseTitle
            let outcome = e.step.map { "<span class=\"outcome \($0.outcome.rawValue)\">\(HTMLText.escape($0.outcome.vietnameseLabel))</span>" } ?? ""
            return "<tr>" + TableRows.cell(LocalTime.text(e.at, env.calendar)) + TableRows.cell(e.from.map { label($0, workflow) } ?? "—")
                + TableRows.cell(label(e.to, workflow)) + TableRows.cell(by)
                + TableRows.cell(e.step.map { LocalTime.text($0.dueAt, env.calendar) } ?? "") + "<td>\(outcome)</td></tr>"
        }.joined()
    }

    func deliveries(_ d: Dossier) async throws -> [[String: Any]] {
        try await env.dossiers.outbox(dossier: d.code).map { row in
            let status = switch row.status {
            case .pending: "Đang chờ gửi"
            case .delivered: "Đã gửi"
            case .dead: "Gửi không được"
            }
            return ["channel": row.channel == .portal ? "Cổng dịch vụ công" : "Thư điện tử", "target": row.target, "status": status,
                    "attempts": row.attempts]
        }
    }

    /// One form (HTML) per action the engine allows this officer now, with the fields it requires.
    func actions(_ d: Dossier, workflow: Workflow?, user: User, session: WebSession) async throws -> [String] {
        guard let workflow else { return [] }
        var forms: [String] = []
        // Actions only the axis poller performs (a recipient's answer) get no button.
        for t in Engine.availableActions(d, for: user.actor, workflow: workflow) where !t.requires.contains(.answer) {
            var officers: [ActionFormMarkup.Officer] = []
            // An assignment that keeps the state names an officer for this state; one that
            // moves, for the next. Only officers the engine would accept are listed.
            if t.requires.contains(.assignee), let owner = workflow.states[t.targetState ?? d.state]?.owner?.resolved(for: d) {
                let eligible = try await env.users.users(role: owner.role, department: owner.department, activeOnly: true)
                officers = eligible.map { ActionFormMarkup.Officer(id: $0.id, name: $0.name) }
            }
            forms.append(ActionFormMarkup.form(code: d.code, version: d.version, csrf: session.csrf, action: t.action, label: t.label,
                                               requires: t.requires, officers: officers,
                                               departments: env.organization.departments.map { ($0.code, $0.name) }))
        }
        return forms
    }

    /// What a clerk and a director read of an official document: who sent it, its number
    /// and notation, urgency, the signature's verdict, the register line and the instruction;
    /// for an outgoing one, each recipient's answer.
    func documentFacts(_ r: DocumentRecord) -> [String: Any] {
        let h = r.header
        let signature = switch r.signature {
        case .absent: "Không có chữ ký số"
        case .unchecked: "Chưa kiểm tra"
        case let .valid(signer, trusted): "Hợp lệ\(signer.map { " (\($0))" } ?? "")\(trusted ? "" : ", chưa được tin cậy")"
        case let .invalid(reason): "KHÔNG HỢP LỆ: \(reason)"
        }
        func department(_ code: String) -> String { env.organization.departments.first { $0.code == code }?.name ?? code }
        return [
            "from": h.from.organName ?? h.from.organId, "numberAndNotation": h.numberAndNotation, "date": h.promulgationDate,
            "typeName": h.typeName ?? "", "urgency": h.urgency.map(\.marking).flatMap { $0.isEmpty ? nil : $0 } ?? "Thường",
            "signature": signature, "register": r.registerNumber.map { "\(r.direction == .outgoingDocument ? "Số" : "Số đến") \(DocumentNotation.number($0)), sổ \(r.book)" } ?? "Chưa vào sổ",
            "lead": r.lead.map(department) ?? "—", "cooperating": r.cooperating.map(department).joined(separator: ", "),
            "duplicateOf": r.duplicateOf ?? "", "destroyed": r.contentDestroyed,
            "supersedes": r.supersedes ?? "", "supersededBy": r.supersededBy ?? "",
            "opinions": r.opinions.map { o -> [String: Any] in
                ["department": department(o.department), "due": LocalTime.text(o.dueAt, env.calendar),
                 "given": o.givenAt.map { "\(LocalTime.text($0, env.calendar)), \(o.by ?? ""): \(o.text ?? "")" } ?? "chưa có ý kiến"]
            },
            "supersedesLabel": h.businessType == .update ? "Cập nhật văn bản" : "Thay thế văn bản",
            // An issued document: each recipient's latest status package, as the axis brought it.
            "recipients": r.direction != .outgoingDocument ? [] : h.to.map { organ -> [String: Any] in
                let status = r.answers[organ.organId].map { a in
                    "\(a.code) — \(EdXMLStatusCode(rawValue: a.code)?.label ?? "")\(a.description.map { ": \($0)" } ?? "") (\(a.timestamp))"
                }
                return ["name": organ.organName ?? organ.organId, "status": status ?? (r.registerNumber == nil ? "Chưa phát hành" : "Chưa có phản hồi")]
            },
            "attachments": r.attachments.map { ["name": $0.name, "size": $0.size] },
        ]
    }

    func label(_ state: String, _ workflow: Workflow?) -> String { workflow?.states[state]?.label ?? state }
}
