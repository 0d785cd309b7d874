extension NotificationRoute {
    static let keys = ["name", "when", "channel", "to", "template", "description"]
    static let whenKeys = ["events", "actions", "from", "to", "procedures", "departments", "portalStatusChanged", "assigned", "warnings",
                           "edxmlStatus", "issues"]

    /// Reads `config/routes.yaml`. Returns the routes, or `nil` with every problem found.
    public static func decodeAll(yaml text: String, file: String) -> (routes: [NotificationRoute]?, problems: [Problem]) {
        var d = Diagnostics(file: file)
        guard let root = YAMLNode.parse(text, diagnostics: &d), let top = root.mapping(&d, allowed: ["routes"]),
              let list = top.first(where: { $0.key == "routes" })?.value.sequence(&d)
        else {
            if !d.hasErrors { d.error("missing_field", line: nil, "routes", "the file has no 'routes' list") }
            return (nil, d.problems)
        }
        var routes: [NotificationRoute] = []
        var names = Set<String>()
        for item in list {
            guard let entries = item.mapping(&d, allowed: keys) else { continue }
            let fields = Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            guard let name = fields["name"]?.string(&d), WorkflowDocument.isIdentifier(name) else {
                d.error("missing_field", line: item.line, item.path + ".name", "a route needs a name of letters, digits, '-' and '_'")
                continue
            }
            if !names.insert(name).inserted {
                d.error("duplicate_route", line: item.line, item.path + ".name", "the route '\(name)' is defined twice")
            }
            guard let channelNode = fields["channel"], let channel: DeliveryChannel = WorkflowDocument.enumValue(channelNode, &d, noun: "channel")
            else {
                if fields["channel"] == nil { d.error("missing_field", line: item.line, item.path, "the route '\(name)' has no channel") }
                continue
            }
            var route = NotificationRoute(name: name, channel: channel)
            if let to = fields["to"] { route.recipient = WorkflowDocument.enumValue(to, &d, noun: "recipient") }
            route.template = fields["template"]?.string(&d)
            if channel == .email && (route.recipient == nil || route.template == nil) {
                d.error("missing_field", line: item.line, item.path, "an e-mail route needs 'to' and 'template'",
                        hint: "e.g. to: applicant, template: receipt")
            }
            if let when = fields["when"], let conditions = when.mapping(&d, allowed: whenKeys) {
                for (key, value) in conditions {
                    switch key {
                    case "events":
                        route.kinds = (value.strings(&d) ?? []).compactMap { text in
                            guard let kind = DossierEvent.Kind(rawValue: text) else {
                                d.error("bad_value", line: value.line, value.path, "unknown event kind '\(text)'",
                                        hint: "use created, transitioned or updated")
                                return nil
                            }
                            return kind
                        }
                    case "actions": route.actions = value.strings(&d) ?? []
                    case "from": route.from = value.strings(&d) ?? []
                    case "to": route.to = value.strings(&d) ?? []
                    case "procedures": route.procedures = value.strings(&d) ?? []
                    case "departments": route.departments = value.strings(&d) ?? []
                    case "portalStatusChanged": route.portalStatusChanged = value.bool(&d) ?? false
                    case "edxmlStatus": route.edxmlStatus = value.bool(&d) ?? false
                    case "issues": route.issues = value.bool(&d) ?? false
                    case "warnings":
                        route.warnings = value.strings(&d) ?? []
                        for w in route.warnings where w != "due_soon" && w != "overdue" {
                            d.error("bad_value", line: value.line, value.path, "unknown warning '\(w)'", hint: "use due_soon or overdue")
                        }
                    default: route.assigned = value.bool(&d) ?? false
                    }
                }
            }
            routes.append(route)
        }
        return (d.hasErrors ? nil : routes, d.problems)
    }
}
