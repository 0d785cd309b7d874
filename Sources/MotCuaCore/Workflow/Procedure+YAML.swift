extension WorkflowDocument {
    static func decodeProcedure(_ node: YAMLNode, _ d: inout Diagnostics) -> Procedure? {
        guard let entries = node.mapping(&d, allowed: procedureKeys) else { return nil }
        var p = Procedure(code: "", nationalCode: nil, name: "", fieldCode: "", fieldName: "",
                          deadline: Deadline(value: 0), cutoff: nil, level: .partialOnline, department: "",
                          legalBasis: [], fees: [], documents: [], result: nil, notes: nil)
        var sawDeadline = false
        for (key, value) in entries {
            switch key {
            case "code": p.code = value.string(&d) ?? ""
            case "nationalCode":
                p.nationalCode = value.string(&d)
                if let code = p.nationalCode, !isNationalCode(code) {
                    d.error("bad_procedure_code", line: value.line, value.path, "'\(code)' is not a national TTHC code",
                            hint: "national codes look like 1.000173 (a digit, a dot, six digits)")
                }
            case "name": p.name = value.string(&d) ?? ""
            case "field":
                for (k, v) in value.mapping(&d, allowed: ["code", "name"]) ?? [] {
                    if k == "code" { p.fieldCode = v.string(&d) ?? "" } else { p.fieldName = v.string(&d) ?? "" }
                }
            case "deadline":
                sawDeadline = true
                p.deadline = decodeDeadline(value, &d) ?? p.deadline
            case "cutoff":
                if let text = value.string(&d) {
                    p.cutoff = TimeOfDay(text)
                    if p.cutoff == nil {
                        d.error("bad_time", line: value.line, value.path, "'\(text)' is not a time of day", hint: "write HH:mm, e.g. \"15:00\"")
                    }
                }
            case "level": p.level = enumValue(value, &d, noun: "level") ?? p.level
            case "department": p.department = value.string(&d) ?? ""
            case "legalBasis": p.legalBasis = value.strings(&d) ?? []
            case "result": p.result = value.string(&d)
            case "notes": p.notes = value.string(&d)
            case "fees": p.fees = (value.sequence(&d) ?? []).compactMap { decodeFee($0, &d) }
            case "documents": p.documents = (value.sequence(&d) ?? []).compactMap { decodeDocument($0, &d) }
            default: break
            }
        }
        for (field, present) in [("code", !p.code.isEmpty), ("name", !p.name.isEmpty), ("department", !p.department.isEmpty),
                                 ("deadline", sawDeadline)] where !present {
            d.error("missing_field", line: node.anchorLine, "\(node.path).\(field)", "the procedure has no '\(field)'",
                    hint: "every procedure states its code, name, deadline and lead department")
        }
        if p.code.utf8.count > 64 || p.code.contains(where: { $0.isWhitespace }) {
            d.error("bad_procedure_code", line: node.line, "\(node.path).code", "'\(p.code)' is not a usable procedure code",
                    hint: "use the national code (1.000173) or a short local code without spaces")
        }
        return p
    }

    static func isNationalCode(_ code: String) -> Bool {
        let parts = code.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0].count == 1 && parts[1].count == 6 && parts.allSatisfy { Digits.parse($0) != nil }
    }

    private static func decodeDeadline(_ node: YAMLNode, _ d: inout Diagnostics) -> Deadline? {
        guard let entries = node.mapping(&d, allowed: ["value", "unit"]) else { return nil }
        var deadline = Deadline(value: 0)
        for (key, value) in entries {
            if key == "value" {
                let v = value.double(&d) ?? 0
                if v <= 0 || v > 3650 {
                    d.error("bad_deadline", line: value.line, value.path, "a deadline of \(v) days is not possible",
                            hint: "give the statutory number of days, e.g. 10")
                }
                deadline.value = v
            } else {
                deadline.unit = enumValue(value, &d, noun: "deadline unit") ?? .workingDays
            }
        }
        return deadline
    }

    private static func decodeFee(_ node: YAMLNode, _ d: inout Diagnostics) -> Procedure.Fee? {
        guard let entries = node.mapping(&d, allowed: ["name", "amount", "basis"]) else { return nil }
        var fee = Procedure.Fee(name: "", amount: nil, basis: nil)
        for (key, value) in entries {
            switch key {
            case "name": fee.name = value.string(&d) ?? ""
            case "amount": fee.amount = value.int(&d)
            default: fee.basis = value.string(&d)
            }
        }
        return fee
    }

    private static func decodeDocument(_ node: YAMLNode, _ d: inout Diagnostics) -> Procedure.Document? {
        if case .scalar = node.node {
            return node.string(&d).map { Procedure.Document(name: $0, originals: 1, copies: 0) }
        }
        guard let entries = node.mapping(&d, allowed: ["name", "originals", "copies"]) else { return nil }
        var doc = Procedure.Document(name: "", originals: 1, copies: 0)
        for (key, value) in entries {
            switch key {
            case "name": doc.name = value.string(&d) ?? ""
            case "originals": doc.originals = value.int(&d) ?? 1
            default: doc.copies = value.int(&d) ?? 0
            }
        }
        return doc
    }
}
