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
                         calendar: WorkingCalendar) -> [OutboxMessage] {
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
                    guard route.recipient == .applicant, let address = d.applicant.email, !address.isEmpty,
                          let template = route.template
                    else { continue }
                    result.append(OutboxMessage(id: id, channel: .email, target: address,
                                                payload: MailContext.payload(template: template, dossier: d, event: e, workflow: workflow,
                                                                             calendar: calendar, organization: organization)))
                }
            }
            portalBefore = e.portalStatus
        }
        return result
    }
}
