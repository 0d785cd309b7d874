public import Foundation

/// The transition function of the one-stop lifecycle: pure, deterministic, total.
/// Values in (dossier, command, actor, time, workflow, calendar), values out (the new
/// dossier and its events, or a typed rejection). No I/O, no clock, no globals.
public enum Engine {
    /// Logs a new submission: the dossier starts in the workflow's entry state for the
    /// actor's role (desk: `received`, portal: `submitted`).
    public static func open(_ submission: Submission, code: String, by actor: Actor, at now: Date, workflow: Workflow,
                            calendar: WorkingCalendar) -> Result<Decision, Rejection> {
        guard let entryID = workflow.entry[actor.role], let entry = workflow.states[entryID] else {
            let allowed = workflow.entry.keys.sorted { $0.rawValue < $1.rawValue }.map { Owner(role: $0) }
            return .failure(.forbidden(action: "create", state: "-", allowed: allowed))
        }
        if let rejection = documentFit(submission.document, workflow: workflow) { return .failure(rejection) }
        if submission.applicant.name.trimmingSpaces.isEmpty {
            return .failure(.invalidField("applicant.name", reason: "is required"))
        }
        if let submitted = submission.submittedAt, submitted > now {
            return .failure(.invalidField("submittedAt", reason: "is in the future"))
        }
        let summary = submission.summary.trimmingSpaces.isEmpty ? (workflow.procedure?.name ?? "") : submission.summary
        var dossier = Dossier(
            code: code, procedureCode: submission.procedureCode, workflowID: workflow.id, workflowVersion: workflow.version,
            state: entry.id, version: 0, department: nil, assignee: nil, stepAssignees: [:], channel: submission.channel,
            applicant: submission.applicant, summary: summary, documents: submission.documents,
            submittedAt: submission.channel == .online ? (submission.submittedAt ?? now) : now,
            receivedAt: nil, dueAt: nil, stepEnteredAt: now, stepSeq: 1, stepDueAt: nil, clock: .notStarted, pausedAt: nil,
            resumeState: nil, pausedWorkingSeconds: 0, supplementRounds: 0, usedOnceActions: [], finishedAt: nil,
            returnedAt: nil, outcome: nil, document: submission.document)
        var event = DossierEvent(seq: 1, kind: .created, action: "create", from: nil, to: entry.id, at: now, actor: actor,
                                 portalStatus: entry.portalStatus)
        event.edxmlStatus = entry.edxmlStatus?.rawValue
        let context = Transit(workflow: workflow, calendar: calendar, now: now)
        context.enter(entry, dossier: &dossier, event: &event, assignee: nil, returning: false)
        dossier.version = 1
        event.dueAt = dossier.dueAt
        return .success(Decision(dossier: dossier, events: [event]))
    }

    /// Performs an action on a dossier.
    public static func decide(_ dossier: Dossier, _ command: Command, by actor: Actor, at now: Date, workflow: Workflow,
                              calendar: WorkingCalendar) -> Result<Decision, Rejection> {
        if let expected = command.expectedVersion, expected != dossier.version {
            return .failure(.versionConflict(expected: expected, actual: dossier.version))
        }
        guard let current = workflow.states[dossier.state] else {
            return .failure(.invalidAction(action: command.action, state: dossier.state, available: []))
        }
        guard !current.terminal, let transition = workflow.transition(command.action, from: current.id),
              transition.target != .back || dossier.resumeState != nil
        else {
            let available = current.terminal ? [] : workflow.transitions(from: current.id).map(\.action)
            return .failure(.invalidAction(action: command.action, state: current.id, available: available))
        }
        let allowed = transition.allowed.flatMap { $0.resolvedAll(for: dossier) }
        guard allowed.contains(where: { $0.admits(role: actor.role, department: actor.department) }) else {
            return .failure(.forbidden(action: command.action, state: current.id, allowed: allowed))
        }
        if transition.oncePerDossier && dossier.usedOnceActions.contains(command.action) {
            return .failure(.alreadyUsed(action: command.action))
        }
        let knownAssignee = transition.targetState.flatMap { dossier.stepAssignees[$0] }
        if let missing = transition.requires.first(where: { !command.has($0) && !($0 == .assignee && knownAssignee != nil) }) {
            return .failure(.missingField(missing, action: command.action))
        }
        var next = dossier
        let targetID: String
        switch transition.target {
        case let .state(id): targetID = id
        case .stay: targetID = current.id
        case .back: targetID = dossier.resumeState!
        }
        guard let target = workflow.states[targetID] else {
            return .failure(.invalidAction(action: command.action, state: current.id, available: []))
        }
        if let rejection = recordInstruction(command, dossier: &next) { return .failure(rejection) }
        if let rejection = eligibility(of: command, for: target, dossier: next) { return .failure(rejection) }
        var event = DossierEvent(seq: dossier.version + 1, kind: transition.target == .stay ? .updated : .transitioned,
                                 action: command.action, from: current.id, to: target.id, at: now, actor: actor,
                                 note: command.note, reason: command.reason, items: command.items, assignee: command.assignee,
                                 portalStatus: target.portalStatus)
        let context = Transit(workflow: workflow, calendar: calendar, now: now)
        if transition.target == .stay {
            if let rejection = context.stay(command, dossier: &next, event: &event) { return .failure(rejection) }
        } else {
            context.leave(current, for: target, dossier: &next, event: &event)
            context.enter(target, dossier: &next, event: &event, assignee: command.assignee,
                          returning: transition.target == .back)
        }
        if let rejection = documentMilestone(target, returning: transition.target == .back || transition.target == .stay,
                                             command: command, dossier: &next, event: &event, at: now, calendar: calendar) {
            return .failure(rejection)
        }
        if transition.target != .stay { event.edxmlStatus = target.edxmlStatus?.rawValue }
        if transition.oncePerDossier { next.usedOnceActions.append(command.action) }
        next.version = dossier.version + 1
        event.dueAt = next.dueAt
        return .success(Decision(dossier: next, events: [event]))
    }

    /// An officer named for a step that names one must be able to work on it: checked here,
    /// inside the decision, so no caller can skip it or check it against another version.
    static func eligibility(of command: Command, for target: WorkflowState, dossier: Dossier) -> Rejection? {
        guard let assignee = command.assignee, target.requiresAssignee, let owner = target.owner?.resolved(for: dossier) else { return nil }
        guard let position = command.assigneePosition else {
            return .invalidField("assignee", reason: "names \(assignee.name), whose role and department are unknown")
        }
        guard owner.admits(role: position.role, department: position.department) else {
            return .invalidField("assignee", reason: "names \(assignee.name), who cannot handle '\(target.id)': it needs \(owner.description)")
        }
        return nil
    }

    /// The transitions an actor can perform on a dossier now (for buttons and the inbox).
    public static func availableActions(_ dossier: Dossier, for actor: Actor, workflow: Workflow) -> [Transition] {
        guard let state = workflow.states[dossier.state], !state.terminal else { return [] }
        return workflow.transitions(from: state.id).filter { t in
            t.allowed.contains { $0.resolvedAll(for: dossier).contains { $0.admits(role: actor.role, department: actor.department) } }
                && !(t.oncePerDossier && dossier.usedOnceActions.contains(t.action))
                && (t.target != .back || dossier.resumeState != nil)
        }
    }
}
