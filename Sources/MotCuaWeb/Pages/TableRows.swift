/// The long tables of the busiest pages (the inbox's rows and filters, the dossier page's
/// control slip and counted days; its forms are `ActionFormMarkup`) built as HTML here rather
/// than in Mustache: swift-mustache looks every `{{name}}` up
/// through dynamic casts on `Any`, about 6 µs each, which made a 50-row inbox spend half its
/// time in the template. Every value goes through `HTMLText.escape`; the templates insert
/// the result with `{{{…}}}`.
enum TableRows {
    /// `<td>…</td>` with the text escaped (and a class when given).
    static func cell(_ text: String, class name: String? = nil) -> String {
        "<td\(name.map { " class=\"\(HTMLText.escape($0))\"" } ?? "")>\(HTMLText.escape(text))</td>"
    }

    /// One inbox row, as the inbox template showed it.
    static func inbox(code: String, procedure: String, applicant: String, state: String, due: String, mark: String,
                      markClass: String) -> String {
        let c = HTMLText.escape(code), k = HTMLText.escape(markClass)
        return "<tr class=\"\(k)\"><td class=\"code\"><a href=\"/dossiers/\(c)\">\(c)</a></td>" + cell(procedure) + cell(applicant)
            + cell(state) + cell(due) + "<td><span class=\"mark \(k)\">\(HTMLText.escape(mark))</span></td></tr>\n"
    }

    /// `<option>`s of a filter, the chosen one selected.
    static func options(_ choices: [(value: String, label: String)], selected: String?) -> String {
        choices.map { c in
            "<option value=\"\(HTMLText.escape(c.value))\"\(c.value == selected ? " selected" : "")>\(HTMLText.escape(c.label))</option>"
        }.joined()
    }
}
