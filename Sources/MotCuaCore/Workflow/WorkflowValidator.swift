/// Semantic checks on a compiled workflow: everything a dossier would trip over at run time.
public enum WorkflowValidator {
    /// Every problem of the workflow, errors and warnings.
    /// A template on its own has no steps, so reachability and shares are checked only
    /// through the procedures that extend it.
    public static func validate(_ w: Workflow, organization: Organization?, standardDaySeconds: Int,
                                isTemplate: Bool = false) -> [Problem] {
        var problems: [Problem] = []
        func add(_ code: String, _ loc: SourceLocation, _ message: String, hint: String? = nil, _ severity: Problem.Severity = .error) {
            problems.append(Problem(severity, code: code, file: loc.file, line: loc.line, element: loc.element,
                                    message: message, hint: hint))
        }
        let stateIDs = w.stateOrder
        let defLoc = SourceLocation(file: w.file, line: nil, element: "")

        checkDepartments(w, organization: organization, add: add)

        // Transitions: endpoints exist, sources are not terminal, no action twice from one state.
        var seen: [String: Transition] = [:]
        for t in w.transitions {
            guard let source = w.states[t.from] else {
                add("unknown_source_state", t.location, "'\(t.from)' (from) is not a state of \(w.id)",
                    hint: Suggestion.hint(for: t.from, among: stateIDs, noun: "state"))
                continue
            }
            if let target = t.targetState, w.states[target] == nil {
                add("unknown_target_state", t.location, "action '\(t.action)' from '\(t.from)' leads to '\(target)', which is not a state",
                    hint: Suggestion.hint(for: target, among: stateIDs, noun: "state"))
            }
            if source.terminal {
                add("terminal_has_transition", t.location, "'\(t.from)' is terminal but the action '\(t.action)' leaves it",
                    hint: "remove the transition or make the state non-terminal")
            }
            if t.allowed.isEmpty && !source.terminal {
                add("nobody_allowed", t.location, "nobody may perform '\(t.action)' from '\(t.from)'", hint: "add by: [{role: …}]")
            }
            let key = "\(t.from)|\(t.action)"
            if let first = seen[key] {
                add("ambiguous_action", t.location,
                    "the action '\(t.action)' is defined twice from '\(t.from)' (first at \(place(first.location, from: t.location)))",
                    hint: "one action from one state must have one outcome; rename one of them")
            } else {
                seen[key] = t
            }
        }

        // Entry states.
        if w.entry.isEmpty && !isTemplate {
            add("no_entry", defLoc, "the workflow says no state where dossiers start",
                hint: "add entry: {desk: received, portal: submitted}")
        }
        for (role, state) in w.entry where w.states[state] == nil {
            add("unknown_entry_state", defLoc, "entry for \(role.rawValue) is '\(state)', which is not a state",
                hint: Suggestion.hint(for: state, among: stateIDs, noun: "state"))
        }

        if !isTemplate {
            checkReachability(w, add: add)
            checkShares(w, standardDaySeconds: standardDaySeconds, add: add)
        }
        return problems
    }

    private static func checkDepartments(_ w: Workflow, organization: Organization?,
                                         add: (String, SourceLocation, String, String?, Problem.Severity) -> Void) {
        guard let organization else { return }
        let known = organization.departments.map(\.code)
        if let p = w.procedure, !organization.hasDepartment(p.department) {
            add("unknown_department", SourceLocation(file: w.file, line: nil, element: "procedure.department"),
                "unknown department '\(p.department)'", Suggestion.hint(for: p.department, among: known, noun: "department"), .error)
        }
        var reported = Set<String>()
        // `$cooperating` stands for several departments: it can allow a transition, but a
        // state has one owner (one inbox queue).
        for id in w.stateOrder where w.states[id]?.owner?.department == Owner.cooperatingDepartments {
            add("cooperating_owner", w.states[id]!.location, "state '\(id)' is owned by $cooperating, which names several departments",
                "own the state by $lead or a department; allow cooperating departments an action with by: [...]", .error)
        }
        // Transitions that inherit their state's owner are not reported again.
        let owners = w.stateOrder.compactMap { id in w.states[id].flatMap { s in s.owner.map { ($0, s.location) } } }
            + w.transitions.filter { $0.allowed != w.states[$0.from]?.owner.map { [$0] } }
                .flatMap { t in t.allowed.map { ($0, t.location) } }
        for (owner, loc) in owners {
            guard let dept = owner.department, dept != Owner.leadDepartment, dept != Owner.cooperatingDepartments,
                  !organization.hasDepartment(dept), reported.insert("\(dept)\(loc)").inserted else { continue }
            add("unknown_department", loc, "unknown department '\(dept)'",
                Suggestion.hint(for: dept, among: known, noun: "department") + " (departments are listed in config/org.yaml)", .error)
        }
    }

    private static func checkReachability(_ w: Workflow, add: (String, SourceLocation, String, String?, Problem.Severity) -> Void) {
        // A `back` edge returns to any state that leads into the waiting state.
        var enteredFrom: [String: Set<String>] = [:]
        for t in w.transitions { if let to = t.targetState { enteredFrom[to, default: []].insert(t.from) } }
        func targets(_ t: Transition) -> [String] {
            switch t.target {
            case let .state(id): [id]
            case .stay: []
            case .back: Array(enteredFrom[t.from] ?? [])
            }
        }
        var reached = Set(w.entry.values)
        var queue = Array(reached)
        while let s = queue.popLast() {
            for t in w.transitions(from: s) {
                for next in targets(t) where reached.insert(next).inserted { queue.append(next) }
            }
        }
        for id in w.stateOrder {
            guard let state = w.states[id] else { continue }
            if !w.entry.isEmpty && !reached.contains(id) {
                add("unreachable_state", state.location, "no sequence of actions reaches '\(id)'",
                    "add a transition into it, or remove it", .error)
            }
            let exits = w.transitions(from: id).filter { !targets($0).isEmpty }
            if !state.terminal && exits.isEmpty {
                add("dead_end", state.location, "'\(id)' is not terminal but no action leaves it",
                    "add a transition out of it, or mark it terminal: true", .error)
            }
        }
    }

    private static func checkShares(_ w: Workflow, standardDaySeconds: Int,
                                    add: (String, SourceLocation, String, String?, Problem.Severity) -> Void) {
        guard let p = w.procedure, p.deadline.unit == .workingDays, !w.steps.isEmpty else { return }
        let total = w.totalShareDays(standardDaySeconds: standardDaySeconds)
        if abs(total - p.deadline.value) > 0.01 {
            let loc = w.steps.first.flatMap { w.states[$0]?.location } ?? SourceLocation(file: w.file, line: nil, element: "steps")
            add("shares_mismatch", SourceLocation(file: loc.file, line: loc.line, element: "steps"),
                "the shares of the steps add up to \(format(total)) working days, the deadline is \(format(p.deadline.value))",
                "adjust the steps' share: so that they add up to the statutory deadline", .warning)
        }
    }

    private static func place(_ loc: SourceLocation, from other: SourceLocation) -> String {
        let line = loc.line.map(String.init) ?? "?"
        return loc.file == other.file ? "line \(line)" : "\(loc.file):\(line)"
    }

    private static func format(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String((v * 100).rounded() / 100)
    }
}
