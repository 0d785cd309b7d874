/// Whose inbox a dossier is in: one key per dossier, derived from the owner of its current
/// state, so that an inbox is a few ranges of one index ordered by step due time instead of
/// an OR over every (workflow, version, state). Keys: `role`, `role@DEPT`, and for steps
/// that name an officer, `…#userID` once one is named (unassigned dossiers stay on the
/// plain key, where every eligible officer sees them).
public enum WorkQueue {
    /// The queue of a dossier in `workflow`; `nil` when nobody has to act (terminal state).
    public static func key(of dossier: Dossier, in workflow: Workflow?) -> String? {
        guard let state = workflow?.states[dossier.state], !state.terminal, let owner = state.owner?.resolved(for: dossier) else { return nil }
        let base = owner.department.map { "\(owner.role.rawValue)@\($0)" } ?? owner.role.rawValue
        if state.requiresAssignee, let assignee = dossier.assignee { return base + "#" + assignee.id }
        return base
    }

    /// The queues a user works from: the role's agency-wide queue, the department's, and
    /// the ones naming the user.
    public static func keys(role: Role, department: String?, userID: String) -> [String] {
        var keys = [role.rawValue, role.rawValue + "#" + userID]
        if let department { keys += ["\(role.rawValue)@\(department)", "\(role.rawValue)@\(department)#\(userID)"] }
        // A cooperating department's heads and specialists see the documents awaiting its opinion.
        if let department, role == .departmentHead || role == .specialist { keys.append(opinionPrefix + department) }
        return keys
    }

    /// The prefix of a department's opinion queue (`opinion:QLCN`): documents awaiting that
    /// department's opinion as a cooperating department, kept apart from the step queues.
    public static let opinionPrefix = "opinion:"
}
