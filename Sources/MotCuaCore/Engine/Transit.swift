import Foundation

/// The effects of moving a dossier between states: clock, appointment, step timing,
/// milestones. Kept apart from `Engine` so each rule sits in one place.
struct Transit {
    let workflow: Workflow
    let calendar: WorkingCalendar
    let now: Date

    /// Leaving a state: a timed step that is finished (not merely interrupted by a wait)
    /// gets its verdict; a wait that ends moves the appointment by the working time waited.
    func leave(_ current: WorkflowState, for target: WorkflowState, dossier d: inout Dossier, event: inout DossierEvent) {
        if current.clock != .paused && target.clock != .paused, current.share != nil, let stepDue = d.stepDueAt {
            event.step = DossierEvent.StepRecord(state: current.id, enteredAt: d.stepEnteredAt, dueAt: stepDue, leftAt: now,
                                                 outcome: Outcome.verdict(finish: now, due: stepDue, calendar: calendar))
        }
        if current.clock == .paused && target.clock != .paused, let pausedAt = d.pausedAt {
            let waited = calendar.workingTime(from: pausedAt, to: now)
            d.pausedWorkingSeconds += waited
            event.waitedWorkingSeconds = waited
            if let due = d.dueAt {
                event.previousDueAt = due
                d.dueAt = calendar.addingWorkingTime(waited, to: due)
            }
            if let stepDue = d.stepDueAt { d.stepDueAt = calendar.addingWorkingTime(waited, to: stepDue) }
            d.pausedAt = nil
        }
        if current.clock != .paused && target.clock == .paused {
            d.pausedAt = now
            d.resumeState = current.id
        }
    }

    /// Entering a state: step timing, milestones, clock, department and assignee.
    func enter(_ target: WorkflowState, dossier d: inout Dossier, event: inout DossierEvent, assignee: Assignee?, returning: Bool) {
        let waiting = target.clock == .paused
        if returning {
            d.resumeState = nil
        } else if !waiting {
            d.resumeState = nil
            d.stepEnteredAt = now
            d.stepSeq = event.seq
            d.stepDueAt = target.share.map { calendar.adding($0, to: now) }
            // A step that names an officer goes back to the one who had it, unless told otherwise.
            d.assignee = assignee ?? (target.requiresAssignee ? d.stepAssignees[target.id] : nil)
        }
        if let assignee = d.assignee, !waiting, target.requiresAssignee { d.stepAssignees[target.id] = assignee }
        // Coming back from a wait resumes the state; it does not enter it again.
        switch returning ? nil : target.milestone {
        case .receipt:
            // Receipt happens once: a dossier sent back to the desk keeps its receipt and appointment.
            if d.receivedAt == nil {
                d.receivedAt = now
                if let p = workflow.procedure {
                    d.dueAt = calendar.due(from: now, deadline: p.deadline, cutoff: p.cutoff)
                }
            }
        case .supplement:
            d.supplementRounds += 1
        case .finish:
            if d.finishedAt == nil {
                d.finishedAt = now
                d.outcome = d.dueAt.map { Outcome.verdict(finish: now, due: $0, calendar: calendar, supplementRounds: d.supplementRounds) }
            }
        case .return:
            d.returnedAt = now
            if d.finishedAt == nil { d.finishedAt = now }
        case .registration, .destruction, .signature, .withdrawal, nil:
            // Documents: the engine's document rules record these (they need the command).
            break
        }
        if target.terminal {
            d.stepDueAt = nil
            d.pausedAt = nil
            d.resumeState = nil
        }
        d.clock = target.terminal ? .stopped : target.clock
        d.department = target.owner?.resolved(for: d).department ?? workflow.procedure?.department
        d.state = target.id
    }

    /// An action that keeps the state: assignment or a new appointment.
    func stay(_ command: Command, dossier d: inout Dossier, event: inout DossierEvent) -> Rejection? {
        if let assignee = command.assignee { d.assignee = assignee }
        if let newDue = command.newDueAt {
            guard let due = d.dueAt else { return .invalidField("newDueAt", reason: "cannot be set before the dossier is received") }
            guard newDue > due else { return .invalidField("newDueAt", reason: "must be later than the current appointment") }
            event.previousDueAt = due
            d.dueAt = newDue
        }
        return nil
    }
}
