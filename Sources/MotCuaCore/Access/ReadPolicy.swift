/// How much of a dossier a reader may see. The order matters: more is later.
public enum ReadAccess: Int, Sendable, Comparable, CaseIterable {
    /// Nothing, not even that it exists (the API answers 404).
    case none
    /// What the portal sent and what the applicant is told: no officers' names, notes,
    /// assignee, internal deadlines, and no e-mail recipients.
    case submitted
    /// Everything, personal data included.
    case whole

    public static func < (a: ReadAccess, b: ReadAccess) -> Bool { a.rawValue < b.rawValue }
}

/// Who reads what (the read side of the action policy in `Engine`), one pure function:
/// - the desk, the clerk and the director see every dossier whole (they receive, issue and
///   sign every procedure);
/// - a specialist or department head sees whole the dossiers of procedures their
///   department handles or owns a step of, and nothing of others;
/// - the portal sees what it submitted (online dossiers), without internal fields;
/// - the admin and anyone else see nothing: administering the system is not processing
///   citizens' data (13/2023/NĐ-CP); the access log is theirs to read instead.
/// The public lookup by code is outside this policy: it shows no personal data.
public enum ReadPolicy {
    /// What `reader` may see of `dossier`, which runs on `workflow` (`nil` when that
    /// version is not loaded: then only agency-wide readers see it).
    public static func access(_ dossier: Dossier, by reader: Actor, workflow: Workflow?) -> ReadAccess {
        if let document = dossier.document { return access(document, by: reader) }
        switch reader.role {
        case .desk, .clerk, .director:
            return .whole
        case .specialist, .departmentHead:
            guard let department = reader.department, let workflow else { return .none }
            return departments(of: workflow).contains(department) ? .whole : .none
        case .portal:
            return dossier.channel == .online ? .submitted : .none
        case .admin:
            return .none
        }
    }

    /// Official documents: the clerk and the director see every one; a department sees the
    /// documents it leads or cooperates on; the one-stop desk, the portal and the admin see none.
    static func access(_ document: DocumentRecord, by reader: Actor) -> ReadAccess {
        switch reader.role {
        case .clerk, .director: return .whole
        case .specialist, .departmentHead:
            guard let department = reader.department else { return .none }
            return document.lead == department || document.cooperating.contains(department) ? .whole : .none
        case .desk, .portal, .admin: return .none
        }
    }

    /// Whether the reader may see the dossier at all.
    public static func canRead(_ dossier: Dossier, by reader: Actor, workflow: Workflow?) -> Bool {
        access(dossier, by: reader, workflow: workflow) != .none
    }

    /// Departments that handle a workflow: the procedure's own and every step owner's.
    public static func departments(of workflow: Workflow) -> Set<String> {
        var result = Set(workflow.states.values.compactMap { $0.owner?.department })
        if let own = workflow.procedure?.department { result.insert(own) }
        return result
    }

    /// What a role and department may list, for filtering in the store before decoding:
    /// `nil` = every dossier; otherwise only dossiers of these procedure codes, or of the
    /// online channel when `onlineOnly`.
    public static func listScope(role: Role, department: String?, workflows: [Workflow]) -> ListScope {
        switch role {
        case .desk, .clerk, .director: return .all
        case .portal: return .onlineOnly
        case .admin: return .nothing
        case .specialist, .departmentHead:
            guard let department else { return .nothing }
            let codes = workflows.filter { departments(of: $0).contains(department) }.compactMap { $0.procedure?.code }
            // Documents are filed under their workflow's id; which of them a department
            // sees (lead or cooperating) is decided per document by `access`.
            let documents = workflows.filter { $0.caseKind != .dossier }.map(\.id)
            return .procedures(Set(codes + documents))
        }
    }

    /// Which dossiers a reader may list.
    public enum ListScope: Sendable, Equatable {
        /// Every dossier.
        case all
        /// Dossiers of these procedures.
        case procedures(Set<String>)
        /// Online submissions (the portal's).
        case onlineOnly
        /// None.
        case nothing
    }
}
