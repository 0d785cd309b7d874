import Foundation
import Hummingbird
import HummingbirdAuth
import MotCuaCore
import MotCuaServer
import MotCuaStore

/// `POST /dossiers/{code}/actions`: an action form. It carries the session's form token and
/// the version the officer saw; the engine decides as for the API. On a conflict the page
/// says the dossier changed and shows it afresh, and nothing is applied.
struct ActionForm {
    let env: ServerEnvironment
    let page: DossierPage

    func submit(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let user = context.user, let session = context.sessions.session else { return Pages.seeOther("/sign-in") }
        let code = context.parameters.get("code") ?? ""
        let form: FormBody
        do {
            form = try await FormBody.read(request, limit: 64 * 1024)
        } catch {
            return try await page.render(code, user: user, session: session, notice: ("Biểu mẫu không đọc được; hãy thử lại.", true),
                                         status: .badRequest)
        }
        let layout = Layout.signedIn(user: user, session: session, organization: env.organization)
        guard FormToken.matches(form[FormToken.field], session.csrf) else {
            return page.pages.forgedForm(layout, hint: "Hãy tải lại trang hồ sơ rồi thao tác lại.")
        }
        // Refused alike whether the dossier does not exist or is not the officer's to see: the
        // answer tells nothing of it.
        guard try await ReadableDossier.find(code, by: user, needing: .submitted, in: env) != nil else {
            return page.pages.refused("Bạn không có quyền thực hiện thao tác với hồ sơ này.", layout)
        }
        let command: Command
        switch await Self.command(form, users: env.users, calendar: env.calendar, now: env.now()) {
        case let .success(c) where ([c.lead].compactMap { $0 } + (c.cooperating ?? [])).contains { !env.organization.hasDepartment($0) }:
            return try await page.render(code, user: user, session: session, notice: ("Mã đơn vị không có trong danh sách đơn vị của Sở.", true),
                                         status: .unprocessableContent)
        case let .success(c): command = c
        case let .failure(problem): return try await page.render(code, user: user, session: session, notice: (problem.text, true), status: .unprocessableContent)
        }
        do {
            _ = try await env.dossiers.perform(command, on: code, by: user.actor, at: env.now(), catalog: env.catalog, calendar: env.calendar,
                                               idempotency: nil)
            context.logger.info("action from the console", metadata: ["dossier": "\(code)", "action": "\(command.action)"])
            // Back to the desk's lists when the form came from there; no other place (no open redirect).
            if form["back"] == "/desk" { return Pages.seeOther("/desk") }
            return Pages.seeOther("/dossiers/\(code.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? code)")
        } catch StoreError.rejected(.versionConflict) {
            return try await page.render(code, user: user, session: session,
                                         notice: ("Hồ sơ vừa được cập nhật bởi người khác nên thao tác chưa được thực hiện. Dưới đây là hồ sơ mới nhất; hãy kiểm tra rồi thao tác lại.", true),
                                         status: .conflict)
        } catch let StoreError.rejected(rejection) {
            return try await page.render(code, user: user, session: session, notice: (Self.vietnamese(rejection), true),
                                         status: rejection.code == "forbidden" ? .forbidden : .unprocessableContent)
        }
    }

    /// Why a form could not become a command, in the officer's words.
    struct Problem: Error { let text: String }

    /// The command a form asks for (fields as the API's, in form encoding: items one per line,
    /// the new appointment as a local date and time).
    static func command(_ form: FormBody, users: UserStore, calendar: WorkingCalendar, now: Date) async -> Result<Command, Problem> {
        guard let action = form["action"], !action.isEmpty, action.utf8.count <= 64 else { return .failure(Problem(text: "Thiếu thao tác.")) }
        guard let version = form["version"].flatMap({ Int($0) }), version > 0 else {
            return .failure(Problem(text: "Biểu mẫu thiếu phiên bản hồ sơ; hãy tải lại trang."))
        }
        func text(_ name: String) -> String? {
            guard let value = form[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return String(value.prefix(4000))
        }
        let items = text("items").map { $0.split(whereSeparator: \.isNewline).map { String($0.trimmingCharacters(in: .whitespaces).prefix(500)) }.filter { !$0.isEmpty } }
        var assignee: Assignee?
        var position: Owner?
        if let id = text("assignee") {
            guard let user = try? await users.activeUser(id: id) else { return .failure(Problem(text: "Cán bộ được chọn không còn trong hệ thống.")) }
            assignee = Assignee(id: user.id, name: user.name)
            position = Owner(role: user.role, department: user.department)
        }
        var newDueAt: Date?
        if let local = text("newDueAt") {
            guard let date = LocalTime.parse(local, calendar), DateWindow.contains(date, around: now) else {
                return .failure(Problem(text: "Ngày hẹn mới không hợp lệ."))
            }
            newDueAt = date
        }
        var command = Command(action: action, note: text("note"), reason: text("reason"), items: items?.isEmpty == true ? nil : items,
                              assignee: assignee, assigneePosition: position, newDueAt: newDueAt, expectedVersion: version)
        command.lead = text("lead").map { String($0.prefix(64)) }
        command.cooperating = text("cooperating").map { $0.split(separator: ",").map { String($0.trimmingCharacters(in: .whitespaces).prefix(64)) } }
        command.opinion = text("opinion")
        if let local = text("opinionDueAt") {
            guard let date = LocalTime.parse(local, calendar), DateWindow.contains(date, around: now) else {
                return .failure(Problem(text: "Hạn cho ý kiến phối hợp không hợp lệ."))
            }
            command.opinionDueAt = date
        }
        return .success(command)
    }

    static func fieldName(_ field: ActionField) -> String {
        switch field {
        case .note: "ghi chú"
        case .reason: "lý do"
        case .items: "danh mục giấy tờ"
        case .assignee: "cán bộ xử lý"
        case .newDueAt: "ngày hẹn mới"
        case .lead: "đơn vị chủ trì"
        case .answer: "trạng thái của nơi nhận"
        case .opinion: "ý kiến phối hợp"
        }
    }

    /// The engine's refusal in Vietnamese (the detail, which names fields, stays as it is).
    static func vietnamese(_ r: Rejection) -> String {
        switch r {
        case .invalidAction: "Thao tác này không còn thực hiện được ở bước hiện tại của hồ sơ."
        case .forbidden: "Bạn không có quyền thực hiện thao tác này với hồ sơ."
        case let .missingField(field, _): "Còn thiếu thông tin: \(fieldName(field))."
        case let .invalidField(_, reason): "Thông tin chưa hợp lệ (\(reason))."
        case .alreadyUsed: "Thao tác này chỉ được thực hiện một lần cho mỗi hồ sơ và đã được thực hiện."
        case .versionConflict: "Hồ sơ vừa được cập nhật bởi người khác; hãy tải lại trang."
        }
    }
}
