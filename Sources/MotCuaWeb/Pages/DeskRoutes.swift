import Foundation
import Hummingbird
import HummingbirdAuth
import MotCuaCore
import MotCuaServer
import MotCuaStore

/// The desk: choose a procedure, fill the intake form, get the receipt. The form's fields
/// are the API's (same names, same rule through `SubmissionRule`); a refusal is shown next to
/// its field with everything typed kept.
struct DeskRoutes {
    let env: ServerEnvironment
    let pages: Pages

    /// The newest workflow of each procedure, by code.
    var procedures: [Procedure] {
        Dictionary(env.catalog.all.compactMap { w in w.procedure.map { ($0.code, (w.version, $0)) } }) { a, b in a.0 >= b.0 ? a : b }
            .values.map(\.1).sorted { $0.code < $1.code }
    }

    func choose(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let (user, session) = Self.desk(context) else { return refusal(context) }
        var values = Layout.signedIn(user: user, session: session, organization: env.organization)
        values["title"] = "Tiếp nhận hồ sơ"
        values["procedures"] = procedures.map { ["code": $0.code, "name": $0.name, "deadline": Self.deadlineText($0.deadline)] }
        // The desk's two other queues: online submissions to accept or refuse, results to hand back.
        for (key, state) in [("online", "submitted"), ("ready", "result_ready")] {
            let page = try await Worklist(env: env).page(for: user, filter: DossierStore.Filter(state: state), limit: 100, after: nil,
                                                         view: "desk-page")
            let rows = page.items.map { item in row(item.dossier, access: item.access, user: user, session: session) }
            values[key] = rows
            values[key + "Empty"] = rows.isEmpty
        }
        return pages.render("desk", values)
    }

    /// A row with the actions that need no more than a click as forms; the others (a refusal
    /// needs its reason) on the dossier page.
    func row(_ d: Dossier, access: ReadAccess, user: User, session: WebSession) -> [String: Any] {
        let workflow = env.catalog.workflow(id: d.workflowID, version: d.workflowVersion)
        let available = workflow.map { Engine.availableActions(d, for: user.actor, workflow: $0) } ?? []
        return [
            "code": d.code, "procedure": workflow?.procedure?.name ?? d.procedureCode,
            "applicant": access == .whole ? d.applicant.name : "—",
            "at": LocalTime.text(d.receivedAt ?? d.submittedAt, env.calendar),
            "due": d.dueAt.map { LocalTime.text($0, env.calendar) } ?? "—",
            "quick": available.filter { $0.requires.isEmpty }.map {
                ["action": $0.action, "label": $0.label, "code": d.code, "version": d.version, "csrf": session.csrf] as [String: Any]
            },
            "more": available.contains { !$0.requires.isEmpty },
        ]
    }

    func form(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let (user, session) = Self.desk(context) else { return refusal(context) }
        let code = request.uri.queryParameters["procedure"].map(String.init) ?? ""
        guard let procedure = procedures.first(where: { $0.code == code }) else { return Pages.seeOther("/desk") }
        return intake(procedure, user: user, session: session, typed: [:], problem: nil, status: .ok)
    }

    func submit(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let (user, session) = Self.desk(context) else { return refusal(context) }
        guard let form = try? await FormBody.read(request, limit: 64 * 1024) else {
            return pages.message("Yêu cầu không hợp lệ", "Biểu mẫu không đọc được; hãy mở lại trang tiếp nhận.", status: .badRequest,
                                 signedIn: Layout.signedIn(user: user, session: session, organization: env.organization))
        }
        guard FormToken.matches(form[FormToken.field], session.csrf) else {
            return pages.forgedForm(Layout.signedIn(user: user, session: session, organization: env.organization),
                                    hint: "Hãy tải lại trang tiếp nhận rồi nhập lại.")
        }
        guard let procedure = procedures.first(where: { $0.code == form["procedureCode"] }) else { return Pages.seeOther("/desk") }
        let now = env.now()
        let submission: Submission
        do {
            submission = try SubmissionRule.parse(Self.fields(form, procedure: procedure), caller: user, now: now)
        } catch {
            return intake(procedure, user: user, session: session, typed: form.fields, problem: error, status: .unprocessableContent)
        }
        let result = try await env.dossiers.open(submission, by: user.actor, at: now, catalog: env.catalog, calendar: env.calendar,
                                                 idempotency: nil)
        guard case let .applied(applied) = result else { return Pages.seeOther("/desk") }
        context.logger.info("dossier logged from the console", metadata: ["dossier": "\(applied.dossier.code)"])
        return Pages.seeOther("/dossiers/\(applied.dossier.code)/receipt")
    }

    /// The form's fields as the API's JSON body: documents ticked in the procedure's list
    /// (names from the procedure, not from the form), copies and form of each.
    static func fields(_ form: FormBody, procedure: Procedure) -> [String: JSONValue] {
        func text(_ name: String) -> JSONValue? {
            guard let v = form[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
            return .string(v)
        }
        var applicant: [String: JSONValue] = [:]
        for key in ["name", "idNumber", "kind", "phone", "email", "address"] { applicant[key] = text("applicant.\(key)") }
        var documents: [JSONValue] = []
        for (i, d) in procedure.documents.enumerated() where form["doc.\(i)"] != nil {
            let copies = form["doc.\(i).copies"].map { $0.trimmingCharacters(in: .whitespaces) } ?? "1"
            documents.append(.object(["name": .string(d.name), "copies": Int(copies).map(JSONValue.int) ?? .string(copies),
                                      "form": text("doc.\(i).form") ?? .string("original")]))
        }
        var fields: [String: JSONValue] = ["procedureCode": .string(procedure.code), "applicant": .object(applicant),
                                           "documents": .array(documents)]
        fields["channel"] = text("channel")
        fields["summary"] = text("summary")
        return fields
    }

    /// The intake form, with what was typed and the refusal next to its field.
    func intake(_ procedure: Procedure, user: User, session: WebSession, typed: [String: String], problem: SubmissionRule.Problem?,
                status: HTTPResponse.Status) -> Response {
        var values = Layout.signedIn(user: user, session: session, organization: env.organization)
        values["title"] = "Tiếp nhận hồ sơ"
        values["procedureCode"] = procedure.code
        values["procedureName"] = procedure.name
        values["deadline"] = Self.deadlineText(procedure.deadline)
        for key in ["name", "idNumber", "phone", "email", "address"] { values["applicant_\(key)"] = typed["applicant.\(key)"] ?? "" }
        values["summary"] = typed["summary"] ?? ""
        let kind = typed["applicant.kind"] ?? "citizen"
        values["kinds"] = [("citizen", "Công dân"), ("enterprise", "Doanh nghiệp"), ("agency", "Cơ quan, tổ chức"), ("other", "Khác")]
            .map { ["value": $0.0, "label": $0.1, "checked": $0.0 == kind] }
        let channel = typed["channel"] ?? "direct"
        values["channels"] = [("direct", "Trực tiếp tại Bộ phận Một cửa"), ("postal", "Qua dịch vụ bưu chính")]
            .map { ["value": $0.0, "label": $0.1, "checked": $0.0 == channel] }
        let fresh = typed.isEmpty
        values["documents"] = procedure.documents.enumerated().map { i, d in
            [
                "index": i, "name": d.name, "checked": fresh || typed["doc.\(i)"] != nil,
                "copies": typed["doc.\(i).copies"] ?? String(max(1, d.originals + d.copies)),
                "original": (typed["doc.\(i).form"] ?? (d.originals > 0 ? "original" : "copy")) == "original",
            ] as [String: Any]
        }
        if let problem {
            let message = Self.vietnamese(problem)
            values["errors"] = true
            values["error_" + (problem.field ?? "form").replacingOccurrences(of: ".", with: "_")] = message
            if problem.field.map({ !Self.shownFields.contains($0) }) ?? true { values["error_form"] = message }
        }
        return pages.render("intake", values, status: status)
    }

    /// Fields that have a place for their error next to them.
    static let shownFields: Set<String> = ["applicant.name", "applicant.idNumber", "applicant.phone", "applicant.email", "applicant.address",
                                           "applicant.kind", "summary", "channel"]

    static func vietnamese(_ p: SubmissionRule.Problem) -> String {
        if p.code == "missing_field" { return "Thông tin này là bắt buộc." }
        if p.message.contains("longer than") { return "Nội dung quá dài." }
        if p.field == "applicant.email" { return "Địa chỉ thư điện tử không hợp lệ." }
        if p.message.contains("control characters") { return "Có ký tự điều khiển không được phép." }
        if let f = p.field, f.hasPrefix("documents") { return "Thông tin giấy tờ không hợp lệ (số bản phải là số từ 0 đến 1000)." }
        return "Giá trị không hợp lệ."
    }

    static func deadlineText(_ d: Deadline) -> String {
        let v = d.value == d.value.rounded() ? String(Int(d.value)) : String(d.value).replacingOccurrences(of: ".", with: ",")
        return "\(v) " + (d.unit == .workingDays ? "ngày làm việc" : "ngày")
    }

    static func desk(_ context: AppContext) -> (User, WebSession)? { Layout.officer(context, role: .desk) }

    func refusal(_ context: AppContext) -> Response {
        guard let (user, session) = Layout.officer(context) else { return Pages.seeOther("/sign-in") }
        return pages.refused("Chỉ cán bộ Bộ phận Một cửa tiếp nhận hồ sơ.", Layout.signedIn(user: user, session: session, organization: env.organization))
    }
}
