import Foundation
import Hummingbird
import HummingbirdAuth
import MotCuaCore
import MotCuaServer
import MotCuaStore

/// `/dossiers/{code}/forms/{form}`: the printed forms that come from a dossier's history —
/// the process control slip, the supplement request, the refusal, the apology with the new
/// appointment and the stop notice (domain doc, Forms). Each is filled from the event that
/// made it (the latest one), so it says exactly what the engine recorded. Readers who may
/// see the whole dossier only; each reading is logged.
struct FormPages {
    let env: ServerEnvironment
    let pages: Pages

    /// Which event each form comes from, its template and its Vietnamese title.
    static let forms: [String: (action: String?, template: String, title: String)] = [
        "slip": (nil, "form_slip", "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
        "supplement": ("request_supplement", "form_supplement", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
        "refusal": ("reject", "form_refusal", "Phiếu từ chối tiếp nhận, giải quyết hồ sơ"),
        "apology": ("reschedule", "form_apology", "Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
        "stop": ("stop", "form_stop", "Thông báo dừng giải quyết hồ sơ"),
        "handling": (nil, "form_handling", "Phiếu giải quyết văn bản đến"),
    ]

    func show(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let user = context.user, let session = context.sessions.session else { return Pages.seeOther("/sign-in") }
        let layout = Layout.signedIn(user: user, session: session, organization: env.organization)
        let code = context.parameters.get("code") ?? ""
        guard let form = context.parameters.get("form").flatMap({ Self.forms[$0] }),
              let found = try await ReadableDossier.find(code, by: user, needing: .whole, in: env)
        else { return notFound(layout) }
        let (d, workflow) = (found.dossier, found.workflow)
        let events = try await env.dossiers.events(d.code).map(\.event)
        var values = layout
        if let action = form.action {
            guard let event = events.last(where: { $0.action == action }) else {
                return pages.message("Chưa có phiếu này", "Hồ sơ chưa có thao tác để lập \(form.title.lowercased()).", status: .notFound,
                                     signedIn: layout)
            }
            values["reason"] = event.reason ?? ""
            values["items"] = (event.items ?? []).enumerated().map { ["n": $0.offset + 1, "item": $0.element] as [String: Any] }
            values["at"] = LocalTime.text(event.at, env.calendar)
            values["officer"] = event.actor.name
            values["officerTitle"] = event.actor.role.vietnameseTitle
            values["previousDue"] = event.previousDueAt.map { LocalTime.text($0, env.calendar) } ?? "—"
            values["newDue"] = event.dueAt.map { LocalTime.text($0, env.calendar) } ?? "—"
        } else if context.parameters.get("form") == "handling" {
            guard let document = d.document else { return notFound(layout) }
            values.merge(handlingSlip(document, dossier: d, events: events)) { _, new in new }
        } else {
            values["rows"] = events.map { e -> [String: Any] in
                var row: [String: Any] = [
                    "at": LocalTime.text(e.at, env.calendar), "from": e.from.flatMap { workflow?.states[$0]?.label } ?? e.from ?? "—",
                    "to": workflow?.states[e.to]?.label ?? e.to, "by": "\(e.actor.name) (\(e.actor.role.vietnameseTitle))",
                    "note": e.note ?? e.reason ?? "",
                ]
                if let step = e.step { row["outcome"] = step.outcome.vietnameseLabel }
                return row
            }
        }
        try await env.dossiers.recordAccess([AccessEntry(dossierCode: d.code, reader: user.actor, view: "form", at: env.now())])
        let unit = events.first?.actor.department.flatMap { c in env.organization.departments.first { $0.code == c }?.name } ?? "Bộ phận Một cửa"
        values["title"] = "\(form.title) — \(d.code)"
        values["formTitle"] = form.title.uppercased()
        values["unit"] = unit
        values["code"] = d.code
        values["applicant"] = d.applicant.name
        values["address"] = d.applicant.address ?? ""
        values["phone"] = d.applicant.phone ?? ""
        values["summary"] = d.summary
        values["procedure"] = workflow?.procedure.map { "\($0.code) — \($0.name)" } ?? d.procedureCode
        values["receivedAt"] = LocalTime.text(d.receivedAt ?? d.submittedAt, env.calendar)
        values["appointment"] = d.dueAt.map { LocalTime.text($0, env.calendar) } ?? "—"
        return pages.render(form.template, values)
    }

    func notFound(_ layout: [String: Any]) -> Response {
        pages.message("Không tìm thấy", "Không có hồ sơ hoặc phiếu này, hoặc bạn không có quyền xem.", status: .notFound, signedIn: layout)
    }
}
