import Foundation

/// The variables an e-mail template sees, taken from the dossier and event at routing time
/// and stored with the message: a retry renders exactly the same mail.
public enum MailContext {
    /// The outbox payload of an e-mail: `{"template": …, "vars": {…}}`.
    public static func payload(template: String, dossier d: Dossier, event e: DossierEvent?, workflow: Workflow,
                               calendar: WorkingCalendar, organization: Organization) -> String {
        func day(_ date: Date?) -> String? {
            guard let date else { return nil }
            let (c, s) = calendar.local(date)
            let (y, m, dd) = c.components
            return String(format: "%02d/%02d/%04d %02d:%02d", dd, m, y, s / 3600, s % 3600 / 60)
        }
        let vars: [(String, String?)] = [
            ("code", d.code), ("procedure", workflow.procedure?.name ?? d.procedureCode), ("applicant", d.applicant.name),
            ("summary", d.summary), ("receivedAt", day(d.receivedAt)), ("dueAt", day(d.dueAt)),
            ("previousDueAt", day(e?.previousDueAt)), ("reason", e?.reason), ("note", e?.note), ("stepDueAt", day(d.stepDueAt)),
            ("state", workflow.states[d.state]?.label), ("agency", organization.agencyName),
            ("department", d.department.flatMap { code in organization.departments.first { $0.code == code }?.name }),
            ("actor", e?.actor.name), ("at", day(e?.at)), ("assignee", d.assignee?.name),
        ]
        return payload(template: template, vars: vars.compactMap { key, value in value.map { (key, $0) } }, items: e?.items ?? [])
    }

    /// The outbox payload of an e-mail from plain variables (`items`, when given, is the
    /// list templates iterate over).
    public static func payload(template: String, vars: [(String, String)], items: [String]? = nil) -> String {
        var out = "{\"template\":"
        JSONText.quote(template, into: &out)
        out += ",\"vars\":{"
        for (i, (k, v)) in vars.enumerated() {
            if i > 0 { out += "," }
            JSONText.quote(k, into: &out)
            out += ":"
            JSONText.quote(v, into: &out)
        }
        if let items {
            out += vars.isEmpty ? "\"items\":[" : ",\"items\":["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                JSONText.quote(item, into: &out)
            }
            out += "]"
        }
        out += "}}"
        return out
    }
}
