public import Foundation

/// The engine's rules for cases that are official documents: the same transitions, plus
/// what a document records on the way (its register number, the director's instruction,
/// a recall's destruction). Kept here so that `decide` reads the same for both kinds.
extension Engine {
    /// A case must run on a workflow of its own kind: a document never enters a procedure's
    /// lifecycle, nor a dossier the e-office's.
    static func documentFit(_ document: DocumentRecord?, workflow: Workflow) -> Rejection? {
        switch (document?.direction, workflow.caseKind) {
        case (nil, .dossier): return nil
        case let (direction?, kind) where direction == kind: return nil
        case (nil, _): return .invalidField("procedureCode", reason: "names the \(workflow.caseKind.label.lowercased()) workflow; a dossier needs a procedure")
        case let (direction?, _):
            return .invalidField("document", reason: "is a \(direction.label.lowercased()), which the workflow '\(workflow.id)' does not run")
        }
    }

    /// The director's instruction: the lead and cooperating departments, checked and kept
    /// on the document before the target state is entered (its owner may be `$lead`).
    static func recordInstruction(_ command: Command, dossier d: inout Dossier) -> Rejection? {
        guard let lead = command.lead?.trimmingSpaces, !lead.isEmpty else {
            if command.cooperating?.isEmpty == false { return .invalidField("cooperating", reason: "needs a lead department") }
            return nil
        }
        guard var document = d.document else { return .invalidField("lead", reason: "applies to documents only") }
        let cooperating = (command.cooperating ?? []).map(\.trimmingSpaces).filter { !$0.isEmpty }
        if cooperating.contains(lead) {
            return .invalidField("cooperating", reason: "names \(lead), the lead department, again")
        }
        if Set(cooperating).count != cooperating.count {
            return .invalidField("cooperating", reason: "names a department twice")
        }
        document.lead = lead
        document.cooperating = cooperating
        d.document = document
        return nil
    }

    /// What entering a document state records: registration (the number the store allotted
    /// inside its transaction, the handling deadline) or destruction (content gone,
    /// metadata kept). A state entered again by `back` or `stay` records nothing new.
    static func documentMilestone(_ target: WorkflowState, returning: Bool, command: Command, dossier d: inout Dossier,
                                  event: inout DossierEvent, at now: Date, calendar: WorkingCalendar) -> Rejection? {
        if command.lead != nil {
            event.lead = d.document?.lead
            event.cooperating = d.document?.cooperating
            d.document?.passedOnAt = now
            if let cooperating = d.document?.cooperating, !cooperating.isEmpty {
                // Each cooperating department's opinion is due by the instruction's date, by
                // default two working days on, never after the document's own deadline.
                let byDefault = calendar.addingWorkingDays(2, to: calendar.countingStart(from: now))
                var due = command.opinionDueAt ?? min(byDefault, d.dueAt ?? byDefault)
                if let own = d.dueAt, due > own { due = own }
                guard due > now else { return .invalidField("opinionDueAt", reason: "is already past") }
                d.document?.opinions = cooperating.map { DocumentRecord.Opinion(department: $0, dueAt: due) }
                event.opinionDueAt = due
            }
        }
        if let text = command.opinion?.trimmingSpaces, !text.isEmpty {
            guard let i = d.document?.opinions.firstIndex(where: { $0.department == event.actor.department && $0.givenAt == nil }) else {
                return .invalidField("opinion", reason: "is not awaited from \(event.actor.department ?? "this officer")")
            }
            d.document?.opinions[i].givenAt = now
            d.document?.opinions[i].by = event.actor.name
            d.document?.opinions[i].text = text
            event.opinion = d.document?.opinions[i]
        }
        if let replacement = command.supersededBy {
            guard d.document?.direction == .incomingDocument else {
                return .invalidField("supersededBy", reason: "applies to incoming documents only")
            }
            d.document?.supersededBy = replacement
            event.supersededBy = replacement
        }
        if let answer = command.answer {
            guard var document = d.document, document.direction == .outgoingDocument else {
                return .invalidField("answer", reason: "applies to outgoing documents only")
            }
            guard document.header.to.contains(where: { $0.organId == answer.organId }) else {
                return .invalidField("answer", reason: "comes from \(answer.organId), which is not a recipient")
            }
            document.answers[answer.organId] = answer
            d.document = document
            event.answer = answer
        }
        guard !returning, var document = d.document else { return nil }
        switch target.milestone {
        case .registration:
            guard document.registerNumber == nil else { return nil }
            guard let number = command.registerNumber, number > 0 else {
                return .invalidField("registerNumber", reason: "is allotted by the register book '\(document.book)' when the document is registered")
            }
            document.registerNumber = number
            document.registeredAt = now
            if document.direction == .outgoingDocument {
                // Numbered and dated now; the notation was fixed by the type when drafted.
                let day = calendar.local(now).date
                document.header.codeNumber = DocumentNotation.number(number)
                document.header.promulgationDate = EdXMLDates.text(day)
                document.header.documentId = DocumentNotation.documentId(organId: document.header.from.organId, date: day,
                                                                         numberAndNotation: document.header.numberAndNotation)
                event.registerNumber = number
                d.document = document
                return nil
            }
            d.receivedAt = now
            // The sender's DueDate wins; otherwise the working days its urgency allows.
            d.dueAt = document.dueDate ?? calendar.addingWorkingDays(document.handlingDays, to: calendar.countingStart(from: now))
            event.registerNumber = number
        case .withdrawal:
            document.recallReason = command.reason
        case .signature:
            document.header.signerFullName = event.actor.name
            document.header.signerPosition = event.actor.role.vietnameseTitle
        case .destruction:
            document.header.content = nil
            document.attachments = []
            document.contentDestroyed = true
        default:
            return nil
        }
        d.document = document
        event.dueAt = d.dueAt
        return nil
    }
}
