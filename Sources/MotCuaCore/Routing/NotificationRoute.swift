/// A delivery channel.
public enum DeliveryChannel: String, Sendable, Codable, CaseIterable {
    /// The provincial public-service portal (HTTP push).
    case portal
    /// E-mail.
    case email
    /// An edXML status package to the sender of an official document, through the national axis.
    case edxml
}

/// Who receives an e-mail.
public enum Recipient: String, Sendable, Codable, CaseIterable {
    /// The applicant's address, when the dossier has one.
    case applicant
    /// The officer the dossier was just assigned to.
    case assignee
    /// Whoever may act on the current step (its assignee, when it names one).
    case stepOwner = "step_owner"
    /// The heads of the department responsible for the dossier.
    case departmentHead = "department_head"
}

/// Where the router finds officers' e-mail addresses (the store answers from the users
/// table, inside the command's transaction).
public protocol PeopleDirectory {
    /// The address of a user, if known.
    func email(ofUser id: String) -> String?
    /// The addresses of the users an owner admits (role, and department when given).
    func emails(of owner: Owner) -> [String]
}

/// One rule of `config/routes.yaml`: when an event matches, a message goes out.
public struct NotificationRoute: Sendable, Hashable {
    /// Stable name; part of every message id it produces.
    public var name: String
    /// Event kinds (`created`, `transitioned`, `updated`); empty = any.
    public var kinds: [DossierEvent.Kind] = []
    /// Actions; empty = any.
    public var actions: [String] = []
    /// States the event leaves; empty = any.
    public var from: [String] = []
    /// States the event enters; empty = any.
    public var to: [String] = []
    /// Procedure codes; empty = any.
    public var procedures: [String] = []
    /// Departments responsible after the event; empty = any.
    public var departments: [String] = []
    /// Only events that change the portal status (TrangThaiHoSo).
    public var portalStatusChanged = false
    /// Only events that name an assignee.
    public var assigned = false
    /// Only events that carry an edXML status for the document's sender.
    public var edxmlStatus = false
    /// On the `edxml` channel: an outgoing document numbered by the event is issued to each
    /// of its recipients, and one recalled by it is recalled from each (the router decides,
    /// as it knows the workflow's milestones).
    public var issues = false
    /// Deadline warnings (`due_soon`, `overdue`) this route is for; a route with warnings
    /// matches only warnings, one without matches only dossier events.
    public var warnings: [String] = []
    /// Channel.
    public var channel: DeliveryChannel
    /// For e-mail: who receives it.
    public var recipient: Recipient?
    /// For e-mail: the template name (config/templates/NAME.*).
    public var template: String?

    /// A route.
    public init(name: String, channel: DeliveryChannel) {
        self.name = name
        self.channel = channel
    }

    /// Whether an event (with the portal status before it) matches.
    public func matches(_ event: DossierEvent, previousPortalStatus: Int?, procedure: String, department: String?) -> Bool {
        warnings.isEmpty
            && (kinds.isEmpty || kinds.contains(event.kind))
            && (actions.isEmpty || actions.contains(event.action))
            && (from.isEmpty || event.from.map(from.contains) == true)
            && (to.isEmpty || to.contains(event.to))
            && (procedures.isEmpty || procedures.contains(procedure))
            && (departments.isEmpty || department.map(departments.contains) == true)
            && (!portalStatusChanged || previousPortalStatus != event.portalStatus)
            && (!assigned || event.assignee != nil)
            && (!edxmlStatus || event.edxmlStatus != nil)

    }
}
