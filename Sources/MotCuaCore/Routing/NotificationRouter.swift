import Foundation

/// A message to put in the outbox, in the same transaction as its event.
public struct OutboxMessage: Sendable, Hashable {
    /// Stable id (`{dossier}.{seq}.{route}`): the receiver's idempotency key, the same on
    /// every retry.
    public var id: String
    /// Channel.
    public var channel: DeliveryChannel
    /// Portal: `portal`; e-mail: the recipient address.
    public var target: String
    /// Portal: the JSON body; e-mail: the template and its variables (`MailContext`).
    public var payload: String
}

/// Evaluates the routes for the events a command produced. Pure: values in, messages out.
public struct NotificationRouter: Sendable {
    /// The routes, in file order.
    public let routes: [NotificationRoute]
    /// Channels this installation delivers (e-mail only when SMTP is configured).
    public let enabledChannels: Set<DeliveryChannel>
    /// The agency's departments, for the portal's DonViXuLy.
    public let organization: Organization
    /// This agency as the national axis knows it: the `From` of its status packages
    /// (`nil`: no edXML messages).
    public let organ: EdXMLOrgan?

    /// A router.
    public init(routes: [NotificationRoute], enabledChannels: Set<DeliveryChannel>, organization: Organization,
                organ: EdXMLOrgan? = nil) {
        self.organ = organ
        self.routes = routes
        self.enabledChannels = enabledChannels
        self.organization = organization
    }

    /// The messages for the events of one decision. `previous` is the dossier before them
    /// (`nil` for a new dossier).
    public func messages(previous: Dossier?, after d: Dossier, events: [DossierEvent], workflow: Workflow,
                         calendar: WorkingCalendar, people: (any PeopleDirectory)? = nil) -> [OutboxMessage] {
        var result: [OutboxMessage] = []
        var portalBefore = previous.flatMap { workflow.states[$0.state]?.portalStatus }
        for e in events {
            for route in routes where enabledChannels.contains(route.channel)
                && route.matches(e, previousPortalStatus: portalBefore, procedure: d.procedureCode, department: d.department) {
                let id = "\(d.code).\(e.seq).\(route.name)"
                switch route.channel {
                case .portal where d.document != nil:
                    continue  // documents are the e-office's, not the public-service portal's
                case .edxml where route.issues:
                    result += issuePackages(id: id, dossier: d, event: e, workflow: workflow)
                case .edxml:
                    if let message = statusPackage(id: id, dossier: d, event: e) { result.append(message) }
                case .portal:
                    let unit = d.department.flatMap { code in organization.departments.first { $0.code == code }?.name }
                        ?? organization.agencyName
                    result.append(OutboxMessage(id: id, channel: .portal, target: "portal",
                                                payload: PortalMessage.body(dossier: d, event: e, workflow: workflow, calendar: calendar,
                                                                            unitName: unit)))
                case .email:
                    guard let template = route.template else { continue }
                    let payload = MailContext.payload(template: template, dossier: d, event: e, workflow: workflow, calendar: calendar,
                                                      organization: organization)
                    for (i, address) in recipients(route.recipient, dossier: d, event: e, workflow: workflow, people: people).enumerated() {
                        result.append(OutboxMessage(id: i == 0 ? id : "\(id).\(i)", channel: .email, target: address, payload: payload))
                    }
                }
            }
            portalBefore = e.portalStatus
        }
        return result
    }

    /// The status package answering an incoming document's sender, as JSON (the dispatcher
    /// writes and signs the edXML): only for an event that carries a status, of a document
    /// that came from another agency.
    func statusPackage(id: String, dossier d: Dossier, event e: DossierEvent) -> OutboxMessage? {
        guard let organ, let document = d.document, document.direction == .incomingDocument, document.source != .paper,
              let code = e.edxmlStatus.flatMap(EdXMLStatusCode.init(rawValue:)) else { return nil }
        let staff = EdXMLStaff(department: e.actor.department.flatMap { c in organization.departments.first { $0.code == c }?.name },
                               staff: e.actor.name)
        let description = e.reason ?? e.note
        let status = StatusAnswer.answer(document.header, from: organ, staff: staff, code: code, description: description, at: e.at)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let json = try? encoder.encode(status) else { return nil }
        return OutboxMessage(id: id, channel: .edxml, target: document.header.from.organId, payload: String(decoding: json, as: UTF8.self))
    }

    /// An outgoing document just numbered, to each recipient — or just recalled, the recall
    /// to each: the payload names the case, and the dispatcher writes the package from it
    /// (header, attachments; the recall variant for a recall) and signs it.
    func issuePackages(id: String, dossier d: Dossier, event e: DossierEvent, workflow: Workflow) -> [OutboxMessage] {
        guard organ != nil, let document = d.document, document.direction == .outgoingDocument else { return [] }
        let kind: String
        if e.registerNumber != nil {
            kind = "document"
        } else if e.from != e.to, workflow.states[e.to]?.milestone == .withdrawal {
            kind = "recall"
        } else {
            return []
        }
        let payload = JSONValue.ordered([(kind, .string(d.code))]).text
        return document.header.to.enumerated().map { i, recipient in
            OutboxMessage(id: i == 0 ? id : "\(id).\(i)", channel: .edxml, target: recipient.organId, payload: payload)
        }
    }

    /// The messages for a deadline warning (`due_soon` or `overdue`) on the current step.
    public func messages(warning kind: String, stepSeq: Int, dossier d: Dossier, workflow: Workflow, calendar: WorkingCalendar,
                         people: (any PeopleDirectory)?) -> [OutboxMessage] {
        var result: [OutboxMessage] = []
        for route in routes where route.channel == .email && enabledChannels.contains(.email) && route.warnings.contains(kind)
            && (route.procedures.isEmpty || route.procedures.contains(d.procedureCode))
            && (route.departments.isEmpty || d.department.map(route.departments.contains) == true) {
            guard let template = route.template else { continue }
            let payload = MailContext.payload(template: template, dossier: d, event: nil, workflow: workflow, calendar: calendar,
                                              organization: organization)
            let id = "\(d.code).w\(stepSeq).\(kind).\(route.name)"
            for (i, address) in recipients(route.recipient, dossier: d, event: nil, workflow: workflow, people: people).enumerated() {
                result.append(OutboxMessage(id: i == 0 ? id : "\(id).\(i)", channel: .email, target: address, payload: payload))
            }
        }
        return result
    }

    /// Addresses for a recipient kind, without duplicates, in a stable order.
    func recipients(_ recipient: Recipient?, dossier d: Dossier, event e: DossierEvent?, workflow: Workflow,
                    people: (any PeopleDirectory)?) -> [String] {
        var found: [String] = []
        switch recipient {
        case .applicant?:
            if let address = d.applicant.email, !address.isEmpty { found = [address] }
        case .assignee?:
            if let id = e?.assignee?.id ?? d.assignee?.id, let address = people?.email(ofUser: id) { found = [address] }
        case .stepOwner?:
            if let state = workflow.states[d.state], state.requiresAssignee, let id = d.assignee?.id {
                found = people?.email(ofUser: id).map { [$0] } ?? []
            } else if let owner = workflow.states[d.state]?.owner {
                found = people?.emails(of: owner) ?? []
            }
        case .departmentHead?:
            if let department = d.department ?? workflow.procedure?.department {
                found = people?.emails(of: Owner(role: .departmentHead, department: department)) ?? []
            }
        case nil:
            break
        }
        var seen = Set<String>()
        return found.filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }.sorted()
    }
}
