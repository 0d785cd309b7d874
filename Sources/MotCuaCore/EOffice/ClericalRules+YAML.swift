extension ClericalRules {
    /// Reads `config/documents.yaml`.
    public static func decode(yaml text: String, file: String) -> (rules: ClericalRules?, problems: [Problem]) {
        var d = Diagnostics(file: file)
        guard let root = YAMLNode.parse(text, diagnostics: &d),
              let top = root.mapping(&d, allowed: ["agencyAbbreviation", "types", "books", "handlingDays", "duplicates", "invalidSignatures",
                                                               "registerOnArrival"])
        else { return (nil, d.problems) }
        var rules = ClericalRules(agencyAbbreviation: "", types: [], books: [], handlingDays: [:], duplicates: .flag,
                                  invalidSignatures: .refuse)
        for (key, value) in top {
            switch key {
            case "agencyAbbreviation":
                rules.agencyAbbreviation = value.string(&d) ?? ""
            case "types":
                for item in value.sequence(&d) ?? [] {
                    var type = DocumentType(code: "", name: "", abbreviation: "")
                    for (k, v) in item.mapping(&d, allowed: ["code", "name", "abbreviation"]) ?? [] {
                        let text = v.string(&d) ?? ""
                        switch k {
                        case "code": type.code = text
                        case "name": type.name = text
                        default: type.abbreviation = text
                        }
                    }
                    if type.code.isEmpty || type.name.isEmpty {
                        d.error("missing_field", line: item.line, item.path, "a document type needs 'code' and 'name'")
                    } else if rules.type(type.code) != nil {
                        d.error("duplicate_type", line: item.line, item.path, "the document type '\(type.code)' is listed twice")
                    } else {
                        rules.types.append(type)
                    }
                }
            case "books":
                for item in value.sequence(&d) ?? [] {
                    var book = RegisterBook(id: "", name: "", direction: .incoming, secret: false)
                    var direction: String?
                    for (k, v) in item.mapping(&d, allowed: ["id", "name", "direction", "secret"]) ?? [] {
                        switch k {
                        case "id": book.id = v.string(&d) ?? ""
                        case "name": book.name = v.string(&d) ?? ""
                        case "direction": direction = v.string(&d)
                        default: book.secret = v.bool(&d) ?? false
                        }
                    }
                    if let direction, let parsed = RegisterBook.Direction(rawValue: direction) {
                        book.direction = parsed
                    } else {
                        d.error("bad_direction", line: item.line, item.path + ".direction", "direction must be 'incoming' or 'outgoing'")
                    }
                    if book.id.isEmpty || book.name.isEmpty {
                        d.error("missing_field", line: item.line, item.path, "a register book needs 'id' and 'name'")
                    } else if rules.book(book.id) != nil {
                        d.error("duplicate_book", line: item.line, item.path, "the register book '\(book.id)' is listed twice")
                    } else {
                        rules.books.append(book)
                    }
                }
            case "handlingDays":
                for (k, v) in value.mapping(&d, allowed: EdXMLPriority.allCases.map { "\($0)" }) ?? [] {
                    guard let priority = EdXMLPriority.allCases.first(where: { "\($0)" == k }) else { continue }
                    if let days = v.int(&d), days >= 0 { rules.handlingDays[priority] = days } else {
                        d.error("bad_days", line: v.line, v.path, "handling days must be a whole number ≥ 0")
                    }
                }
            case "registerOnArrival":
                rules.registerOnArrival = value.bool(&d) ?? false
            default:
                let text = value.string(&d) ?? ""
                guard let policy = Policy(rawValue: text) else {
                    d.error("bad_policy", line: value.line, key, "'\(text)' is not 'refuse' or 'flag'")
                    continue
                }
                if key == "duplicates" { rules.duplicates = policy } else { rules.invalidSignatures = policy }
            }
        }
        if rules.agencyAbbreviation.isEmpty {
            d.error("missing_field", line: root.line, "agencyAbbreviation", "the agency's abbreviation for notations is required",
                    hint: "e.g. SKHCN, as in 15/QĐ-SKHCN")
        }
        for direction in [RegisterBook.Direction.incoming, .outgoing] where rules.book(for: direction, secret: false) == nil {
            d.error("missing_book", line: root.line, "books", "there is no ordinary \(direction.rawValue) register book")
        }
        for priority in EdXMLPriority.allCases where rules.handlingDays[priority] == nil {
            d.error("missing_field", line: root.line, "handlingDays.\(priority)", "no default handling deadline for \(priority) documents")
        }
        return (d.hasErrors ? nil : rules, d.problems)
    }
}
