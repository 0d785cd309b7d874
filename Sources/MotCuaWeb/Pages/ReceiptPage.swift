import Foundation
import Hummingbird
import HummingbirdAuth
import MotCuaCore
import MotCuaServer
import MotCuaStore

/// `GET /dossiers/{code}/receipt`: the receipt and appointment (Giấy tiếp nhận hồ sơ và hẹn
/// trả kết quả), an A4 page to print and sign. It holds personal data: readers who may see
/// the whole dossier only, and the reading is logged.
struct ReceiptPage {
    let env: ServerEnvironment
    let pages: Pages

    func show(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let user = context.user, let session = context.sessions.session else { return Pages.seeOther("/sign-in") }
        let layout = Layout.signedIn(user: user, session: session, organization: env.organization)
        let code = context.parameters.get("code") ?? ""
        guard let found = try await ReadableDossier.find(code, by: user, needing: .whole, in: env) else { return pages.dossierNotFound(layout) }
        let (d, workflow) = (found.dossier, found.workflow)
        try await env.dossiers.recordAccess([AccessEntry(dossierCode: d.code, reader: user.actor, view: "receipt", at: env.now())])
        // The officer who logged it, from the first event.
        let first = try await env.dossiers.events(d.code).first?.event
        let receivedBy = first?.actor
        let unit = receivedBy?.department.flatMap { code in env.organization.departments.first { $0.code == code }?.name }
            ?? "Bộ phận Một cửa"
        let a = d.applicant
        var values = layout
        values["title"] = "Giấy tiếp nhận hồ sơ \(d.code)"
        values["code"] = d.code
        // The code as a QR code that a phone reads (the SVG is ours: no user text in it).
        values["qr"] = QRCode(d.code)?.svg(label: "Mã QR của hồ sơ \(d.code)")
        values["unit"] = unit
        values["applicant"] = a.name
        values["idNumber"] = a.idNumber ?? ""
        values["phone"] = a.phone ?? ""
        values["email"] = a.email ?? ""
        values["address"] = a.address ?? ""
        values["summary"] = d.summary
        values["procedure"] = workflow?.procedure.map { "\($0.code) — \($0.name)" } ?? d.procedureCode
        values["deadline"] = workflow?.procedure.map { DeskRoutes.deadlineText($0.deadline) } ?? ""
        values["documents"] = d.documents.enumerated().map { i, doc in
            ["n": i + 1, "name": doc.name, "form": doc.form == .original ? "Bản chính" : "Bản sao", "copies": doc.copies] as [String: Any]
        }
        values["sets"] = 1
        values["receivedAt"] = LocalTime.text(d.receivedAt ?? d.submittedAt, env.calendar)
        values["appointment"] = d.dueAt.map { LocalTime.text($0, env.calendar) } ?? "—"
        values["collectAt"] = "\(unit), \(env.organization.agencyName)"
        values["officer"] = receivedBy?.name ?? ""
        return pages.render("receipt", values)
    }
}
