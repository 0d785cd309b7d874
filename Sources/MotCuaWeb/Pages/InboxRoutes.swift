import Foundation
import Hummingbird
import HummingbirdAuth
import MotCuaCore
import MotCuaServer
import MotCuaStore

/// `GET /inbox`: the signed-in officer's work, most urgent step first (the API's inbox rule,
/// through the same `Worklist`), each row marked overdue, due soon or on time in colour and
/// in words, with filters by procedure and state and a page at a time.
struct InboxRoutes {
    let env: ServerEnvironment
    let pages: Pages
    let settings: WebSettings
    static let pageSize = 50

    func inbox(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let user = context.user, let session = context.sessions.session else { return Pages.seeOther("/sign-in") }
        let procedure = Self.nonEmpty(request.uri.queryParameters["procedure"].map(String.init))
        let state = Self.nonEmpty(request.uri.queryParameters["state"].map(String.init))
        let search = Self.nonEmpty(request.uri.queryParameters["q"].map { $0.trimmingCharacters(in: .whitespaces) })
        var cursor: InboxCursor?
        if let text = Self.nonEmpty(request.uri.queryParameters["cursor"].map(String.init)) {
            guard let parsed = InboxCursor(text: text) else {
                return pages.message("Trang không hợp lệ", "Đường dẫn phân trang đã cũ hoặc bị sửa. Hãy mở lại hộp việc.",
                                     status: .badRequest, signedIn: Layout.signedIn(user: user, session: session, organization: env.organization))
            }
            cursor = parsed
        }
        var filter = DossierStore.Filter(state: state, procedure: procedure)
        filter.search = search
        let page = try await Worklist(env: env).page(for: user, filter: filter, limit: Self.pageSize, after: cursor, view: "inbox-page")
        let now = env.now()
        var names = WorkflowNames(catalog: env.catalog)
        let rows = page.items.map { row($0.dossier, access: $0.access, now: now, names: &names) }
        var values = Layout.signedIn(user: user, session: session, organization: env.organization)
        values["title"] = "Hộp việc"
        values["rows"] = rows.joined()
        values["empty"] = rows.isEmpty
        values["procedures"] = procedureChoices(selected: procedure)
        values["states"] = stateChoices(selected: state)
        values["q"] = search ?? ""
        if let next = page.next {
            values["next"] = "/inbox?" + Self.query(["procedure": procedure, "state": state, "q": search, "cursor": next.text])
        }
        if cursor != nil { values["first"] = "/inbox?" + Self.query(["procedure": procedure, "state": state, "q": search]) }
        return pages.render("inbox", values)
    }

    /// One row (HTML): what the officer needs to pick the next dossier (the applicant's name
    /// only for readers who may see personal data).
    func row(_ d: Dossier, access: ReadAccess, now: Date, names: inout WorkflowNames) -> String {
        var (procedure, state) = names.labels(d)
        // A document is named by its kind, number and urgency; its deadline is the document's.
        if let document = d.document {
            let marking = document.header.urgency?.marking ?? ""
            procedure = "\(document.direction.label) \(document.header.numberAndNotation)" + (marking.isEmpty ? "" : " — \(marking)")
        }
        let (due, mark, markClass): (String, String, String)
        if let stepDue = d.stepDueAt ?? (d.document != nil && d.clock == .running ? d.dueAt : nil) {
            due = LocalTime.text(stepDue, env.calendar)
            if now >= stepDue {
                (mark, markClass) = ("Quá hạn", "overdue")
            } else if env.calendar.workingTime(from: now, to: stepDue) <= settings.dueSoonSeconds {
                (mark, markClass) = ("Sắp đến hạn", "due-soon")
            } else {
                (mark, markClass) = ("Trong hạn", "on-time")
            }
        } else {
            (due, mark, markClass) = ("—", "Không tính hạn", "no-deadline")
        }
        return TableRows.inbox(code: d.code, procedure: procedure, applicant: access == .whole ? d.applicant.name : "—", state: state,
                               due: due, mark: mark, markClass: markClass)
    }

    func procedureChoices(selected: String?) -> String {
        let procedures = Dictionary(env.catalog.all.compactMap { $0.procedure.map { ($0.code, $0.name) } }) { a, _ in a }
        return TableRows.options(procedures.sorted { $0.key < $1.key }.map { ($0.key, "\($0.key) — \($0.value)") }, selected: selected)
    }

    func stateChoices(selected: String?) -> String {
        var seen: [String: String] = [:]
        var order: [String] = []
        for w in env.catalog.all.sorted(by: { ($0.id, $0.version) < ($1.id, $1.version) }) {
            for id in w.stateOrder where seen[id] == nil {
                seen[id] = w.states[id]?.label ?? id
                order.append(id)
            }
        }
        return TableRows.options(order.map { ($0, seen[$0]!) }, selected: selected)
    }

    static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.isEmpty, s.utf8.count <= 200 else { return nil }
        return s
    }

    static func query(_ parts: [String: String?]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return parts.sorted { $0.key < $1.key }.compactMap { key, value in
            value.map { "\(key)=\($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
        }.joined(separator: "&")
    }
}

/// The procedure name and state labels of the workflows on one page, looked up once per
/// workflow version rather than once per row.
struct WorkflowNames {
    let catalog: WorkflowCatalog
    private var byVersion: [String: (procedure: String?, states: [String: String])] = [:]

    init(catalog: WorkflowCatalog) { self.catalog = catalog }

    /// The dossier's procedure name and state label (their codes when the workflow is unknown).
    mutating func labels(_ d: Dossier) -> (procedure: String, state: String) {
        let key = "\(d.workflowID)@\(d.workflowVersion)"
        if byVersion[key] == nil {
            let w = catalog.workflow(id: d.workflowID, version: d.workflowVersion)
            byVersion[key] = (w?.procedure?.name, w?.states.mapValues(\.label) ?? [:])
        }
        let names = byVersion[key]!
        return (names.procedure ?? d.procedureCode, names.states[d.state] ?? d.state)
    }
}
