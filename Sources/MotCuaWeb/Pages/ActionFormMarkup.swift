import MotCuaCore

/// The dossier page's action forms as HTML, one per action the engine allows, each with the
/// fields that action requires. Built here for the reason `TableRows` gives (an officer who
/// may do seven things had seven Mustache sections, each looking a dozen names up through
/// the whole context stack); every value is escaped.
enum ActionFormMarkup {
    struct Officer {
        let id: String
        let name: String
    }

    static func form(code: String, version: Int, csrf: String, action: String, label: String, requires: [ActionField],
                     officers: [Officer], departments: [(code: String, name: String)] = []) -> String {
        let a = HTMLText.escape(action)
        var html = "<form method=\"post\" action=\"/dossiers/\(HTMLText.escape(code))/actions\" class=\"action\">\n"
            + "<input type=\"hidden\" name=\"csrf\" value=\"\(HTMLText.escape(csrf))\">\n"
            + "<input type=\"hidden\" name=\"action\" value=\"\(a)\">\n"
            + "<input type=\"hidden\" name=\"version\" value=\"\(version)\">\n"
        // In the order the officer fills them in, whatever order the definition names them.
        for field in [ActionField.lead, .assignee, .opinion, .reason, .items, .newDueAt, .note] where requires.contains(field) {
            switch field {
            case .assignee:
                html += "<label for=\"assignee-\(a)\">Cán bộ xử lý</label>\n<select id=\"assignee-\(a)\" name=\"assignee\" required>"
                    + officers.map { "<option value=\"\(HTMLText.escape($0.id))\">\(HTMLText.escape($0.name))</option>" }.joined()
                    + "</select>\n"
            case .lead:
                let options = departments.map { "<option value=\"\(HTMLText.escape($0.code))\">\(HTMLText.escape($0.name))</option>" }.joined()
                html += "<label for=\"lead-\(a)\">Đơn vị chủ trì</label>\n<select id=\"lead-\(a)\" name=\"lead\" required>\(options)</select>\n"
                    + "<label for=\"cooperating-\(a)\">Đơn vị phối hợp (mã đơn vị, cách nhau bằng dấu phẩy: "
                    + HTMLText.escape(departments.map(\.code).joined(separator: ", ")) + ")</label>"
                    + "<input id=\"cooperating-\(a)\" name=\"cooperating\" maxlength=\"500\">\n"
                    + "<label for=\"opinion-due-\(a)\">Hạn cho ý kiến phối hợp (để trống: 2 ngày làm việc)</label>"
                    + "<input id=\"opinion-due-\(a)\" name=\"opinionDueAt\" type=\"datetime-local\">\n"
                    + "<label for=\"note-\(a)\">Ý kiến chỉ đạo</label><textarea id=\"note-\(a)\" name=\"note\" maxlength=\"4000\"></textarea>\n"
            case .answer:
                break  // recorded by the axis poller, never typed in
            case .opinion:
                html += "<label for=\"opinion-\(a)\">Ý kiến phối hợp</label>"
                    + "<textarea id=\"opinion-\(a)\" name=\"opinion\" required maxlength=\"4000\"></textarea>\n"
            case .reason:
                html += "<label for=\"reason-\(a)\">Lý do</label><textarea id=\"reason-\(a)\" name=\"reason\" required maxlength=\"4000\"></textarea>\n"
            case .items:
                html += "<label for=\"items-\(a)\">Giấy tờ cần bổ sung (mỗi dòng một loại)</label>"
                    + "<textarea id=\"items-\(a)\" name=\"items\" required></textarea>\n"
            case .newDueAt:
                html += "<label for=\"due-\(a)\">Ngày hẹn mới</label><input id=\"due-\(a)\" name=\"newDueAt\" type=\"datetime-local\" required>\n"
            case .note:
                html += "<label for=\"note-\(a)\">Ghi chú</label><textarea id=\"note-\(a)\" name=\"note\" required maxlength=\"4000\"></textarea>\n"
            }
        }
        return html + "<button type=\"submit\">\(HTMLText.escape(label))</button>\n</form>\n"
    }
}
