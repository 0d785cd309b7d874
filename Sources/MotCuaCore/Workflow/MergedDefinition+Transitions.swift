extension MergedDefinition {
    /// One written transition becomes one compiled transition per source state.
    func expand(_ spec: WorkflowDocument.TransitionSpec, states: [String: WorkflowState], stepIDs: [String],
                procedure: Procedure?, problems: inout [Problem]) -> [Transition] {
        var sources: [String] = []
        for from in spec.from {
            switch from.value {
            case "$steps": sources += stepIDs
            case "$nonterminal": sources += states.values.filter { !$0.terminal }.map(\.id).sorted()
            case let other where other.hasPrefix("$"):
                problems.append(placeholder(other, from.location, known: "$steps, $nonterminal"))
            default: sources.append(from.value)
            }
        }
        var fields: [ActionField] = []
        for r in spec.requires {
            if let f = ActionField(rawValue: r.value) { fields.append(f) } else {
                problems.append(Problem(code: "unknown_field", file: r.location.file, line: r.location.line, element: r.location.element,
                                        message: "unknown required field '\(r.value)'",
                                        hint: Suggestion.hint(for: r.value, among: ActionField.allCases.map(\.rawValue), noun: "field")))
            }
        }
        var allowedByWriter: [Owner]?
        if let by = spec.by {
            allowedByWriter = by.compactMap { resolveOwner($0, procedure: procedure, problems: &problems) }
        }
        var result: [Transition] = []
        for source in sources {
            guard let target = resolveTarget(spec.to, from: source, stepIDs: stepIDs, problems: &problems) else { continue }
            var requires = fields
            if let id = targetID(target), states[id]?.requiresAssignee == true, !requires.contains(.assignee) {
                requires.append(.assignee)
            }
            let allowed = allowedByWriter ?? states[source]?.owner.map { [$0] } ?? []
            let label = spec.label ?? labels[spec.action] ?? spec.action
            result.append(Transition(action: spec.action, from: source, target: target, label: label, allowed: allowed,
                                     requires: requires, oncePerDossier: spec.once, location: spec.location))
        }
        return result
    }

    private func targetID(_ t: Transition.Target) -> String? {
        if case let .state(id) = t { return id }
        return nil
    }

    private func resolveTarget(_ to: WorkflowDocument.Located<String>, from source: String, stepIDs: [String],
                               problems: inout [Problem]) -> Transition.Target? {
        let index = stepIDs.firstIndex(of: source)
        switch to.value {
        case "$stay": return .stay
        case "$return": return .back
        case "$first_step":
            if let first = stepIDs.first ?? stepsBefore?.value { return .state(first) }
            problems.append(Problem(code: "no_steps", file: to.location.file, line: to.location.line, element: to.location.element,
                                    message: "$first_step needs steps or stepsBetween.before", hint: "add steps: to the procedure"))
            return nil
        case "$next_step", "$previous_step":
            guard let index else {
                problems.append(Problem(code: "placeholder_outside_steps", file: to.location.file, line: to.location.line,
                                        element: to.location.element, message: "\(to.value) used from '\(source)', which is not a step",
                                        hint: "use it only with from: $steps"))
                return nil
            }
            let next = to.value == "$next_step" ? index + 1 : index - 1
            if stepIDs.indices.contains(next) { return .state(stepIDs[next]) }
            let edge = to.value == "$next_step" ? stepsBefore : stepsAfter
            guard let edge else {
                problems.append(Problem(code: "no_steps", file: to.location.file, line: to.location.line, element: to.location.element,
                                        message: "\(to.value) from the \(to.value == "$next_step" ? "last" : "first") step has nowhere to go",
                                        hint: "set stepsBetween: {after: received, before: result_ready} in the template"))
                return nil
            }
            return .state(edge.value)
        case let other where other.hasPrefix("$"):
            problems.append(placeholder(other, to.location, known: "$first_step, $next_step, $previous_step, $return, $stay"))
            return nil
        default:
            return .state(to.value)
        }
    }

    private func placeholder(_ name: String, _ loc: SourceLocation, known: String) -> Problem {
        Problem(code: "unknown_placeholder", file: loc.file, line: loc.line, element: loc.element,
                message: "unknown placeholder '\(name)'", hint: "known here: \(known)")
    }
}
