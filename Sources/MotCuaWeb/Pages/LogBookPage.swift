import Foundation
import Hummingbird
import HummingbirdAuth
import MotCuaCore
import MotCuaServer
import MotCuaStore

/// `/log-book` and `/log-book.csv`: the desk's log book (Sổ theo dõi hồ sơ) for a range of
/// receipt dates — one row per dossier with the columns of the domain doc — printable on A4
/// (landscape) and as CSV for a spreadsheet. The desk, the director and the admin; it
/// carries personal data, so every dossier listed is written to the access log.
struct LogBookPage {
    let env: ServerEnvironment
    let pages: Pages

    /// More rows than this and the book asks for a shorter range instead of growing without bound.
    static let rowLimit = 5000

    static let columns = ["STT", "Mã hồ sơ", "Trích yếu", "Số bộ", "Người nộp", "Địa chỉ", "Điện thoại", "Ngày nhận",
                          "Ngày hẹn trả", "Ngày trả kết quả", "Cán bộ tiếp nhận"]

    func show(_ request: Request, _ context: AppContext, csv: Bool) async throws -> Response {
        guard let user = context.user, let session = context.sessions.session else { return Pages.seeOther("/sign-in") }
        let layout = Layout.signedIn(user: user, session: session, organization: env.organization)
        guard [.desk, .director, .admin].contains(user.role) else {
            return pages.refused("Sổ theo dõi hồ sơ dành cho Bộ phận Một cửa, Lãnh đạo và quản trị.", layout)
        }
        let query = request.uri.queryParameters
        let today = env.calendar.local(env.now()).date.description
        let (fromText, toText) = (query["from"].map(String.init) ?? today, query["to"].map(String.init) ?? query["from"].map(String.init) ?? today)
        let reports = ServiceReports(env: env)
        let period: (from: CivilDate, to: CivilDate)
        do {
            period = try reports.period(from: fromText, to: toText)
        } catch {
            var values = layout
            (values["title"], values["error"], values["from"], values["to"]) = ("Sổ theo dõi hồ sơ", Self.vietnamese(error), fromText, toText)
            return pages.render("log_book", values, status: .badRequest)
        }
        let (start, end) = reports.bounds(from: period.from, to: period.to)
        let scope = ReadPolicy.listScope(role: user.role, department: user.department, workflows: env.catalog.all)
        let dossiers = try await env.dossiers.received(from: start, to: end, scope: scope, limit: Self.rowLimit + 1)
        let shown = Array(dossiers.prefix(Self.rowLimit))
        let officers = try await env.dossiers.receivingOfficers(shown.map(\.code))
        let now = env.now()
        try await env.dossiers.recordAccess(shown.map { AccessEntry(dossierCode: $0.code, reader: user.actor, view: "log-book", at: now) })
        let rows = shown.enumerated().map { i, d in cells(i + 1, d, officer: officers[d.code]) }
        if csv { return Self.csv(rows, from: period.from, to: period.to) }
        var values = layout
        values["title"] = "Sổ theo dõi hồ sơ"
        values["from"] = period.from.description
        values["to"] = period.to.description
        values["range"] = period.from == period.to ? "Ngày \(LocalTime.day(period.from))"
            : "Từ ngày \(LocalTime.day(period.from)) đến ngày \(LocalTime.day(period.to))"
        values["columns"] = Self.columns
        values["rows"] = rows.map { ["cells": $0] }
        values["empty"] = rows.isEmpty
        values["count"] = rows.count
        if dossiers.count > Self.rowLimit {
            values["error"] = "Chỉ hiện \(Self.rowLimit) hồ sơ đầu tiên; hãy chọn khoảng ngày ngắn hơn."
        }
        return pages.render("log_book", values)
    }

    func cells(_ number: Int, _ d: Dossier, officer: Actor?) -> [String] {
        func at(_ date: Date?) -> String { date.map { LocalTime.text($0, env.calendar) } ?? "" }
        return [String(number), d.code, d.summary, "1", d.applicant.name, d.applicant.address ?? "", d.applicant.phone ?? "",
                at(d.receivedAt), at(d.dueAt), at(d.returnedAt), officer?.name ?? ""]
    }

    /// The log book as CSV (`CSVText`: RFC 4180, byte-order mark, formulas defused).
    static func csv(_ rows: [[String]], from: CivilDate, to: CivilDate) -> Response {
        let body = CSVText.document(headings: columns, rows: rows)
        return Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
            .contentDisposition: "attachment; filename=\"so-theo-doi-ho-so-\(from)-\(to).csv\"",
        ], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func vietnamese(_ error: ServiceReports.PeriodError) -> String {
        "Khoảng ngày không hợp lệ: hãy chọn ngày bắt đầu không sau ngày kết thúc, dạng năm-tháng-ngày, trong tối đa \(ServiceReports.longestPeriodDays) ngày."
    }
}
