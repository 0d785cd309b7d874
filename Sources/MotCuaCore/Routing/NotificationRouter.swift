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

    /// A router.
    public init(routes: [NotificationRoute], enabledChannels: Set<DeliveryChannel>, organization: Organization) {
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
