import Foundation
import Hummingbird
import HummingbirdAuth
import MotCuaCore
import MotCuaServer
import MotCuaStore

/// The e-office's entry forms: a specialist drafts an outgoing document (`/documents/new`:
/// type, subject, content, urgency, recipients from the directory, attachments) and the
/// clerk registers a paper document with its scan (`/documents/paper`). Both are multipart
/// forms turned into the API's fields and checked by the API's own rules (`DraftRule`,
/// `PaperRule`); a refusal is shown with everything typed kept (files must be chosen again).
struct DocumentFormPages {
    let env: ServerEnvironment
    let pages: Pages

    /// The largest form accepted (files included).
    static let limit = 25 << 20

    static let urgencies = [(0, "Thường"), (1, "Khẩn"), (2, "Thượng khẩn"), (3, "Hỏa tốc"), (4, "Hỏa tốc hẹn giờ")]

    // MARK: - Drafting

    func draftForm(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let (user, session) = Layout.officer(context, role: .specialist), user.department != nil else {
            return refusal(context, "Chỉ chuyên viên của một phòng soạn thảo văn bản đi.")
        }
        // A reply: the document answered is named on the form, and its sender ticked.
        var typed: [String: String] = [:]
        var chosen: Set<String> = []
        if let code = request.uri.queryParameters["replyTo"].map(String.init),
           let answered = try await ReadableDossier.find(code, by: user, needing: .whole, in: env)?.dossier,
           let header = answered.document?.header, answered.document?.direction == .incomingDocument {
            typed["replyTo"] = answered.code
            chosen = [header.from.organId]
        }
        return try await draft(user: user, session: session, typed: typed, chosen: chosen, problem: nil, status: .ok)
    }

    func draftSubmit(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let (user, session) = Layout.officer(context, role: .specialist), user.department != nil else {
            return refusal(context, "Chỉ chuyên viên của một phòng soạn thảo văn bản đi.")
        }
        let form: MultipartForm
        switch await read(request) {
        case let .success(f): form = f
        case let .failure(problem): return try await draft(user: user, session: session, typed: [:], chosen: [], problem: problem, status: problem.status)
        }
        guard FormToken.matches(form[FormToken.field], session.csrf) else {
            return pages.forgedForm(Layout.signedIn(user: user, session: session, organization: env.organization),
                                    hint: "Hãy mở lại trang soạn thảo rồi nhập lại.")
        }
        var fields: [String: JSONValue] = [:]
        for key in ["type", "subject", "content", "replyTo"] { fields[key] = form[key].map(JSONValue.string) }
        fields["priority"] = form["priority"].map { Int($0).map(JSONValue.int) ?? .string($0) }
        if form["secret"] != nil { fields["secret"] = .bool(true) }
        fields["recipients"] = .array(form.all("recipients").map(JSONValue.string))
        let attachments = form.files.filter { $0.field == "attachments" }
        if !attachments.isEmpty {
            fields["attachments"] = .array(attachments.map {
                .object(["name": .string($0.name), "contentType": .string($0.contentType), "content": .string($0.bytes.base64EncodedString())])
            })
        }
        let typed = form.fields.compactMapValues(\.first)
        let chosen = Set(form.all("recipients"))
        let drafted: DocumentDraft, files: [DocumentFile]
        do {
            (drafted, files) = try DraftRule.parse(fields, directory: try await env.dossiers.agencies())
        } catch {
            return try await draft(user: user, session: session, typed: typed, chosen: chosen, problem: .init(error), status: .unprocessableContent)
        }
        do {
            guard case let .applied(result) = try await DocumentDrafts(env: env).open(drafted, files: files, by: user, idempotency: nil) else {
                return Pages.seeOther("/inbox")
            }
            context.logger.info("outgoing document drafted from the console", metadata: ["case": "\(result.dossier.code)"])
            return Pages.seeOther("/dossiers/\(result.dossier.code)")
        } catch let DocumentEntryFailure.refused(refusal) {
            return try await draft(user: user, session: session, typed: typed, chosen: chosen, problem: .init(text: refusal.reason),
                                   status: .unprocessableContent)
        }
    }

    func draft(user: User, session: WebSession, typed: [String: String], chosen: Set<String>, problem: Problem?,
               status: HTTPResponse.Status) async throws -> Response {
        var values = Layout.signedIn(user: user, session: session, organization: env.organization)
        values["title"] = "Soạn thảo văn bản đi"
        let type = typed["type"] ?? "CV"
        values["types"] = (env.documents?.rules.types ?? []).map { ["code": $0.code, "name": $0.name, "selected": $0.code == type] as [String: Any] }
        values["subject"] = typed["subject"] ?? ""
        if let code = typed["replyTo"], let answered = try await env.dossiers.dossier(code)?.document?.header {
            values["replyTo"] = code
            values["replyText"] = "\(answered.numberAndNotation) của \(answered.from.organName ?? answered.from.organId): \(answered.subject)"
        }
        values["content"] = typed["content"] ?? ""
        values["secret"] = typed["secret"] != nil
        values["urgencies"] = urgency(typed["priority"])
        let agencies = try await env.dossiers.agencies()
        values["agencies"] = agencies.map { ["code": $0.code, "name": $0.name, "checked": chosen.contains($0.code)] as [String: Any] }
        values["noAgencies"] = agencies.isEmpty
        if let problem { values["error"] = problem.text }
        return pages.render("draft_form", values, status: status)
    }

    // MARK: - Paper documents

    func paperForm(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let (user, session) = Layout.officer(context, role: .clerk) else {
            return refusal(context, "Văn thư vào sổ văn bản đến bằng giấy.")
        }
        return paper(user: user, session: session, typed: [:], problem: nil, status: .ok)
    }

    func paperSubmit(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let (user, session) = Layout.officer(context, role: .clerk) else {
            return refusal(context, "Văn thư vào sổ văn bản đến bằng giấy.")
        }
        let form: MultipartForm
        switch await read(request) {
        case let .success(f): form = f
        case let .failure(problem): return paper(user: user, session: session, typed: [:], problem: problem, status: problem.status)
        }
        guard FormToken.matches(form[FormToken.field], session.csrf) else {
            return pages.forgedForm(Layout.signedIn(user: user, session: session, organization: env.organization),
                                    hint: "Hãy mở lại trang vào sổ rồi nhập lại.")
        }
        var fields: [String: JSONValue] = [:]
        var organ: [String: JSONValue] = [:]
        organ["name"] = form["organName"].map(JSONValue.string)
        organ["id"] = form["organId"].map(JSONValue.string)
        fields["organ"] = .object(organ)
        for key in ["number", "notation", "date", "typeName", "subject", "dueDate"] { fields[key] = form[key].map(JSONValue.string) }
        fields["priority"] = form["priority"].map { Int($0).map(JSONValue.int) ?? .string($0) }
        if form["secret"] != nil { fields["secret"] = .bool(true) }
        if let scan = form.files.first(where: { $0.field == "scan" }) {
            fields["scan"] = .object(["name": .string(scan.name), "contentType": .string(scan.contentType),
                                      "content": .string(scan.bytes.base64EncodedString())])
        }
        let typed = form.fields.compactMapValues(\.first)
        let parsed: (PaperDocument, DocumentFile?)
        do {
            parsed = try PaperRule.parse(fields)
        } catch {
            return paper(user: user, session: session, typed: typed, problem: .init(error), status: .unprocessableContent)
        }
        do {
            guard case let .applied(result) = try await PaperRegistration(env: env).register(parsed.0, scan: parsed.1, by: user, idempotency: nil) else {
                return Pages.seeOther("/registers/den")
            }
            context.logger.info("paper document registered from the console", metadata: ["case": "\(result.dossier.code)"])
            return Pages.seeOther("/dossiers/\(result.dossier.code)")
        } catch let DocumentEntryFailure.refused(refusal) {
            return paper(user: user, session: session, typed: typed, problem: .init(text: refusal.reason), status: .unprocessableContent)
        } catch let StoreError.duplicateDocument(original, _) {
            return paper(user: user, session: session, typed: typed, problem: .init(text: "Văn bản này đã được vào sổ (\(original))."),
                         status: .conflict)
        }
    }

    func paper(user: User, session: WebSession, typed: [String: String], problem: Problem?, status: HTTPResponse.Status) -> Response {
        var values = Layout.signedIn(user: user, session: session, organization: env.organization)
        values["title"] = "Vào sổ văn bản đến bằng giấy"
        for key in ["organName", "organId", "number", "notation", "date", "typeName", "subject", "dueDate"] { values[key] = typed[key] ?? "" }
        values["secret"] = typed["secret"] != nil
        values["urgencies"] = urgency(typed["priority"])
        if let problem { values["error"] = problem.text }
        return pages.render("paper_form", values, status: status)
    }

    // MARK: - Shared

    /// A refusal in the officer's words.
    struct Problem: Error {
        let text: String
        var status: HTTPResponse.Status = .unprocessableContent

        init(text: String, status: HTTPResponse.Status = .unprocessableContent) {
            self.text = text
            self.status = status
        }

        /// The API rule's refusal, with the field named in Vietnamese.
        init(_ error: any Error) {
            guard let p = error as? SubmissionRule.Problem else {
                self.init(text: "Biểu mẫu không hợp lệ.")
                return
            }
            let field = p.field.map { Self.fieldNames[$0.split(separator: "[").first.map(String.init) ?? $0] ?? $0 } ?? "Biểu mẫu"
            let what = p.code == "missing_field" ? "là bắt buộc" : "không hợp lệ"
            self.init(text: "\(field) \(what).")
        }

        static let fieldNames = ["type": "Loại văn bản", "subject": "Trích yếu", "content": "Nội dung", "priority": "Độ khẩn",
                                 "recipients": "Nơi nhận", "attachments": "Tệp đính kèm", "organ.name": "Cơ quan ban hành",
                                 "organ.id": "Mã định danh cơ quan", "number": "Số văn bản", "notation": "Ký hiệu", "date": "Ngày văn bản",
                                 "typeName": "Loại văn bản", "dueDate": "Hạn giải quyết", "scan": "Bản quét", "scan.content": "Bản quét",
                                 "scan.name": "Tên tệp bản quét"]
    }

    func read(_ request: Request) async -> Result<MultipartForm, Problem> {
        do {
            return .success(try await MultipartForm.read(request, limit: Self.limit))
        } catch MultipartForm.Failure.tooLarge {
            return .failure(Problem(text: "Tệp tải lên quá lớn (tối đa \(Self.limit >> 20) MB cho cả biểu mẫu).", status: .contentTooLarge))
        } catch {
            return .failure(Problem(text: "Biểu mẫu không đọc được; hãy mở lại trang.", status: .badRequest))
        }
    }

    func urgency(_ typed: String?) -> [[String: Any]] {
        let chosen = typed.flatMap { Int($0) } ?? 0
        return Self.urgencies.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == chosen] }
    }

    func refusal(_ context: AppContext, _ text: String) -> Response {
        guard let (user, session) = Layout.officer(context) else { return Pages.seeOther("/sign-in") }
        return pages.refused(text, Layout.signedIn(user: user, session: session, organization: env.organization))
    }
}
