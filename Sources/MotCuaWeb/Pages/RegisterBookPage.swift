import Foundation
import Hummingbird
import HummingbirdAuth
import MotCuaCore
import MotCuaServer
import MotCuaStore

/// `/registers/{book}`: a register book of official documents (the incoming register, Sổ
/// đăng ký văn bản đến, or the outgoing one, Sổ đăng ký văn bản đi, with the columns of
/// Decree 30/2020; an incoming book also as its tracking register) for one year, printable on A4
/// landscape, with a link to the same lines as CSV (`/api/v1/registers/{book}?format=csv`
/// needs a token; the console serves `/registers/{book}.csv` on the session). The clerk and
/// the director.
struct RegisterBookPage {
    let env: ServerEnvironment
    let pages: Pages

    func show(_ request: Request, _ context: AppContext, csv: Bool) async throws -> Response {
        guard let user = context.user, let session = context.sessions.session else { return Pages.seeOther("/sign-in") }
        let layout = Layout.signedIn(user: user, session: session, organization: env.organization)
        guard user.role == .clerk || user.role == .director else {
            return pages.refused("Sổ đăng ký văn bản dành cho Văn thư và Lãnh đạo.", layout)
        }
        var id = context.parameters.get("book") ?? ""
        if csv, id.hasSuffix(".csv") { id.removeLast(4) }
        guard let desk = env.documents, let book = desk.rules.book(id) else {
            return pages.refused("Không có sổ văn bản này.", layout)
        }
        let thisYear = env.calendar.local(env.now()).date.year
        let year = request.uri.queryParameters["year"].flatMap { Int(String($0)) }.flatMap { (2000...2200).contains($0) ? $0 : nil } ?? thisYear
        let lines = try await env.dossiers.register(book: id, year: year, after: 0, limit: 100_000)
        // The book's own table (printed or CSV), unless the tracking view is asked for.
        func table() -> RegisterTable {
            RegisterTable(lines: lines, direction: book.direction, organization: env.organization, calendar: env.calendar)
        }
        if csv {
            return Response(status: .ok, headers: [
                .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"so-\(id)-\(year).csv\"",
            ], body: .init(byteBuffer: ByteBuffer(string: table().csv)))
        }
        var values = layout
        let tracking = book.direction == .incoming && request.uri.queryParameters["view"] == "tracking"
        values["title"] = tracking ? "Sổ theo dõi giải quyết văn bản đến" : book.name
        values["bookName"] = tracking ? "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN" : book.name.uppercased()
        values["tracking"] = tracking
        values["book"] = id
        values["year"] = year
        if tracking {
            let labels = Dictionary(env.catalog.all.flatMap { w in w.states.values.map { ($0.id, $0.label) } }) { a, _ in a }
            values["columns"] = RegisterRow.trackingHeadings
            let replies = try await env.dossiers.replies(to: lines.map(\.dossier.code))
            values["rows"] = lines.map { line in
                let row = RegisterRow(line: line, organization: env.organization, calendar: env.calendar)
                let answers = (replies[line.dossier.code] ?? []).map(Self.replyText).joined(separator: "; ")
                return ["cells": row.trackingCells(progress: labels[line.dossier.state] ?? line.dossier.state, reply: answers)]
            }
        } else {
            let own = table()
            values["columns"] = own.printedHeadings
            values["rows"] = own.printedRows.map { ["cells": $0] }
        }
        values["empty"] = lines.isEmpty
        values["count"] = lines.count
        values["books"] = desk.rules.books.map { ["id": $0.id, "name": $0.name, "incoming": $0.direction == .incoming] as [String: Any] }
        return pages.render("register_book", values)
    }

    /// A reply as the tracking register names it: its number and notation once numbered.
    static func replyText(_ d: Dossier) -> String {
        guard let header = d.document?.header, d.document?.registerNumber != nil else { return "Dự thảo \(d.code)" }
        return header.numberAndNotation
    }
}
