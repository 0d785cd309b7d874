extension WorkflowDocument {
    static let topKeys = ["id", "kind", "version", "name", "extends", "procedure", "states", "steps", "transitions",
                          "actions", "entry", "stepsBetween", "stepDefaults", "description"]
    static let stateKeys = ["label", "owner", "portalStatus", "edxmlStatus", "clock", "terminal", "milestone", "share", "assignee", "description"]
    static let stepKeys = ["id"] + stateKeys
    static let transitionKeys = ["action", "from", "to", "label", "by", "requires", "once", "description"]
    static let procedureKeys = ["code", "nationalCode", "name", "field", "deadline", "cutoff", "level", "department",
                                "legalBasis", "fees", "documents", "result", "notes"]

    /// Reads one definition file. Returns the document, or `nil`, with every problem found.
    public static func decode(yaml text: String, file: String) -> (document: WorkflowDocument?, problems: [Problem]) {
        var d = Diagnostics(file: file)
        guard let root = YAMLNode.parse(text, diagnostics: &d), let top = root.mapping(&d, allowed: topKeys) else {
            return (nil, d.problems)
        }
        var doc = WorkflowDocument(file: file, id: "", kind: .procedure, version: 0, states: [], steps: [],
                                   transitions: [], actionLabels: [:], entry: [:])
        var sawKind = false
        var sawVersion = false
        for (key, value) in top {
            let loc = SourceLocation(file: file, line: value.line, element: value.path)
            switch key {
            case "id":
                let id = value.string(&d) ?? ""
                if !id.isEmpty && !isIdentifier(id, allowDots: true) {
                    d.error("bad_identifier", line: value.line, value.path, "'\(id)' is not a valid id",
                            hint: "use lower-case letters, digits, '-', '_' and '.'")
                }
                doc.id = id
            case "kind":
                sawKind = true
                if let text = value.string(&d) {
                    if let k = Kind(rawValue: text) { doc.kind = k } else {
                        d.error("bad_value", line: value.line, value.path, "unknown kind '\(text)'", hint: "use template, procedure, incoming_document or outgoing_document")
                    }
                }
            case "version":
                sawVersion = true
                if let v = value.int(&d) {
                    if v < 1 { d.error("bad_value", line: value.line, value.path, "version must be 1 or more") }
                    doc.version = v
                }
            case "name": doc.name = value.string(&d)
            case "description": _ = value.string(&d)
            case "extends": doc.extends = value.string(&d).map { Located(value: $0, location: loc) }
            case "procedure":
                doc.procedureLocation = SourceLocation(file: file, line: value.anchorLine, element: value.path)
                doc.procedure = decodeProcedure(value, &d)
            case "states":
                for (id, spec) in value.mapping(&d) ?? [] {
                    checkStateID(id, spec, &d)
                    if let state = decodeState(id: id, spec, keys: stateKeys, &d) { doc.states.append(state) }
                }
            case "steps":
                doc.stepsLocation = loc
                for item in value.sequence(&d) ?? [] {
                    if let step = decodeStep(item, &d) { doc.steps.append(step) }
                }
            case "transitions":
                doc.transitions = (value.sequence(&d) ?? []).compactMap { decodeTransition($0, &d) }
            case "actions":
                for (action, label) in value.mapping(&d) ?? [] { doc.actionLabels[action] = label.string(&d) }
            case "entry":
                for (role, state) in value.mapping(&d, allowed: Role.allCases.map(\.rawValue)) ?? [] {
                    if let s = state.string(&d) {
                        doc.entry[role] = Located(value: s, location: SourceLocation(file: file, line: state.line, element: state.path))
                    }
                }
            case "stepDefaults":
                doc.stepDefaults = decodeState(id: "stepDefaults", value, keys: stateKeys, &d)
            case "stepsBetween":
                for (k, v) in value.mapping(&d, allowed: ["after", "before"]) ?? [] {
                    let located = v.string(&d).map { Located(value: $0, location: SourceLocation(file: file, line: v.line, element: v.path)) }
                    if k == "after" { doc.stepsAfter = located } else { doc.stepsBefore = located }
                }
            default: break
            }
        }
        if doc.id.isEmpty { d.error("missing_field", line: root.line, "id", "the definition has no 'id'", hint: "add id: <short-name>") }
        if !sawVersion { d.error("missing_field", line: root.line, "version", "the definition has no 'version'", hint: "add version: 1") }
        if !sawKind && doc.procedure == nil { doc.kind = .template }
        if doc.kind == .procedure && doc.procedure == nil {
            d.error("missing_field", line: root.line, "procedure", "a procedure definition needs a 'procedure' block",
                    hint: "add procedure: {code, name, field, deadline, department}")
        }
        return (d.hasErrors ? nil : doc, d.problems)
    }

    static func isIdentifier(_ text: String, allowDots: Bool = false) -> Bool {
        !text.isEmpty && text.utf8.count <= 100 && text.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_" || $0 == "-" || (allowDots && $0 == ".")
        }
    }

    private static func checkStateID(_ id: String, _ node: YAMLNode, _ d: inout Diagnostics) {
        if !isIdentifier(id) || id.hasPrefix("$") {
            d.error("bad_identifier", line: node.line, node.path, "'\(id)' is not a valid state id",
                    hint: "use lower-case letters, digits and '_', e.g. appraisal")
        }
    }

    private static func located<T>(_ value: T?, _ node: YAMLNode, _ file: String) -> Located<T>? {
        value.map { Located(value: $0, location: SourceLocation(file: file, line: node.line, element: node.path)) }
    }

    static func decodeState(id: String, _ node: YAMLNode, keys: [String], _ d: inout Diagnostics) -> StateSpec? {
        guard let entries = node.mapping(&d, allowed: keys) else { return nil }
        var s = StateSpec(id: id, location: SourceLocation(file: d.file, line: node.anchorLine, element: node.path))
        for (key, value) in entries {
            switch key {
            case "label": s.label = value.string(&d)
            case "owner": s.owner = decodeOwner(value, &d)
            case "portalStatus": s.portalStatus = located(value.int(&d), value, d.file)
            case "edxmlStatus": s.edxmlStatus = located(value.string(&d), value, d.file)
            case "clock": s.clock = enumValue(value, &d, noun: "clock mode")
            case "terminal": s.terminal = value.bool(&d)
            case "milestone": s.milestone = enumValue(value, &d, noun: "milestone")
            case "share": s.share = located(duration(value, &d), value, d.file)
            case "assignee": s.requiresAssignee = value.bool(&d)
            default: break
            }
        }
        return s
    }

    private static func decodeStep(_ node: YAMLNode, _ d: inout Diagnostics) -> StateSpec? {
        guard let entries = node.mapping(&d, allowed: stepKeys) else { return nil }
        guard let idNode = entries.first(where: { $0.key == "id" })?.value, let id = idNode.string(&d) else {
            d.error("missing_field", line: node.line, node.path, "a step needs an 'id'", hint: "add id: <state id>, e.g. id: appraisal")
            return nil
        }
        checkStateID(id, idNode, &d)
        // Key problems were reported by the first read; keep only the value problems of this one.
        var scratch = Diagnostics(file: d.file)
        let step = decodeState(id: id, node, keys: stepKeys, &scratch)
        d.append(contentsOf: scratch.problems.filter { $0.code != "unknown_key" && $0.code != "duplicate_key" })
        return step
    }

    static func enumValue<E: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ d: inout Diagnostics, noun: String) -> E?
    where E.RawValue == String {
        guard let text = node.string(&d) else { return nil }
        guard let value = E(rawValue: text) else {
            d.error("bad_value", line: node.line, node.path, "unknown \(noun) '\(text)'",
                    hint: Suggestion.hint(for: text, among: E.allCases.map(\.rawValue), noun: noun))
            return nil
        }
        return value
    }

    static func duration(_ node: YAMLNode, _ d: inout Diagnostics) -> WorkDuration? {
        guard let text = node.string(&d) else { return nil }
        guard let value = WorkDuration(text) else {
            d.error("bad_duration", line: node.line, node.path, "'\(text)' is not a duration",
                    hint: "write working time as 6d, 0.5d, 4h, 1d4h or ISO 8601 (P3D, PT4H)")
            return nil
        }
        return value
    }

    static func decodeOwner(_ node: YAMLNode, _ d: inout Diagnostics) -> OwnerSpec? {
        if case .scalar = node.node {
            return node.string(&d).map { OwnerSpec(role: Located(value: $0, location: loc(node, d)), department: nil) }
        }
        guard let entries = node.mapping(&d, allowed: ["role", "department"]) else { return nil }
        var role: Located<String>?
        var department: Located<String>?
        for (key, value) in entries {
            let text = value.string(&d).map { Located(value: $0, location: loc(value, d)) }
            if key == "role" { role = text } else { department = text }
        }
        guard let role else {
            d.error("missing_field", line: node.line, node.path, "an owner needs a 'role'", hint: "add role: specialist (or desk, department_head, director, clerk)")
            return nil
        }
        return OwnerSpec(role: role, department: department)
    }

    static func loc(_ node: YAMLNode, _ d: Diagnostics) -> SourceLocation {
        SourceLocation(file: d.file, line: node.line, element: node.path)
    }

    private static func decodeTransition(_ node: YAMLNode, _ d: inout Diagnostics) -> TransitionSpec? {
        guard let entries = node.mapping(&d, allowed: transitionKeys) else { return nil }
        var action: String?
        var from: [Located<String>] = []
        var to: Located<String>?
        var t = TransitionSpec(action: "", from: [], to: Located(value: "", location: loc(node, d)), requires: [], once: false,
                               location: loc(node, d))
        for (key, value) in entries {
            switch key {
            case "action": action = value.string(&d)
            case "from":
                if case .sequence = value.node {
                    from = (value.sequence(&d) ?? []).compactMap { item in item.string(&d).map { Located(value: $0, location: loc(item, d)) } }
                } else if let s = value.string(&d) {
                    from = [Located(value: s, location: loc(value, d))]
                }
            case "to": to = value.string(&d).map { Located(value: $0, location: loc(value, d)) }
            case "label": t.label = value.string(&d)
            case "by": t.by = (value.sequence(&d) ?? []).compactMap { decodeOwner($0, &d) }
            case "requires":
                if case .sequence = value.node {
                    t.requires = (value.sequence(&d) ?? []).compactMap { item in item.string(&d).map { Located(value: $0, location: loc(item, d)) } }
                } else if let s = value.string(&d) {
                    t.requires = [Located(value: s, location: loc(value, d))]
                }
            case "once": t.once = value.bool(&d) ?? false
            default: break
            }
        }
        guard let action, !action.isEmpty, !from.isEmpty, let to else {
            d.error("missing_field", line: node.line, node.path, "a transition needs 'action', 'from' and 'to'",
                    hint: "e.g. {action: forward, from: appraisal, to: review}")
            return nil
        }
        if !isIdentifier(action) {
            d.error("bad_identifier", line: node.line, node.path + ".action", "'\(action)' is not a valid action name",
                    hint: "use lower-case letters, digits and '_'")
        }
        t.action = action
        t.from = from
        t.to = to
        return t
    }
}
