/// A definition with its templates folded in, ready to be built into a `Workflow`.
struct MergedDefinition {
    typealias Spec = WorkflowDocument.StateSpec
    let leaf: WorkflowDocument
    var states: [Spec] = []
    var steps: [Spec] = []
    var transitions: [WorkflowDocument.TransitionSpec] = []
    var labels: [String: String] = [:]
    var entry: [String: WorkflowDocument.Located<String>] = [:]
    var stepsAfter: WorkflowDocument.Located<String>?
    var stepsBefore: WorkflowDocument.Located<String>?
    var stepDefaults: Spec?

    /// `chain` runs from the farthest template to `leaf`, which it ends with.
    init(chain: [WorkflowDocument], leaf: WorkflowDocument) {
        self.leaf = leaf
        for doc in chain {
            for spec in doc.states {
                if let i = states.firstIndex(where: { $0.id == spec.id }) { states[i] = Self.overlay(states[i], with: spec) } else {
                    states.append(spec)
                }
            }
            if !doc.steps.isEmpty { steps = doc.steps }
            transitions += doc.transitions
            labels.merge(doc.actionLabels) { $1 }
            entry.merge(doc.entry) { $1 }
            stepsAfter = doc.stepsAfter ?? stepsAfter
            stepsBefore = doc.stepsBefore ?? stepsBefore
            if let defaults = doc.stepDefaults { stepDefaults = stepDefaults.map { Self.overlay($0, with: defaults) } ?? defaults }
        }
        if let defaults = stepDefaults {
            steps = steps.map { step in
                var merged = Self.overlay(defaults, with: step)
                merged.id = step.id
                return merged
            }
        }
    }

    /// Field-wise override: what the child states wins, the rest is inherited.
    static func overlay(_ base: Spec, with child: Spec) -> Spec {
        var s = base
        s.location = child.location
        s.label = child.label ?? base.label
        s.owner = child.owner ?? base.owner
        s.portalStatus = child.portalStatus ?? base.portalStatus
        s.edxmlStatus = child.edxmlStatus ?? base.edxmlStatus
        s.clock = child.clock ?? base.clock
        s.terminal = child.terminal ?? base.terminal
        s.milestone = child.milestone ?? base.milestone
        s.share = child.share ?? base.share
        s.requiresAssignee = child.requiresAssignee ?? base.requiresAssignee
        return s
    }

    mutating func build(organization: Organization?, problems: inout [Problem]) -> Workflow? {
        let procedure = leaf.procedure
        var built: [String: WorkflowState] = [:]
        var order: [String] = []
        let stepIDs = steps.map(\.id)
        // Steps go where they run: after `stepsAfter` in the listing, for readable graphs.
        var listing = states.map { ($0, false) }
        let insertAt = (stepsAfter.flatMap { a in listing.firstIndex { $0.0.id == a.value } }.map { $0 + 1 }) ?? listing.count
        listing.insert(contentsOf: steps.map { ($0, true) }, at: insertAt)
        for (spec, isStep) in listing {
            if built[spec.id] != nil {
                problems.append(problem("duplicate_state", spec.location, "the state '\(spec.id)' is defined twice",
                                        hint: "a step must not reuse the id of a template state; rename it"))
                continue
            }
            guard let state = buildState(spec, isStep: isStep, procedure: procedure, problems: &problems) else { continue }
            built[spec.id] = state
            order.append(spec.id)
        }
        var compiled: [Transition] = []
        for spec in transitions {
            compiled += expand(spec, states: built, stepIDs: stepIDs, procedure: procedure, problems: &problems)
        }
        var entryStates: [Role: String] = [:]
        for (roleName, state) in entry {
            if let role = Role(rawValue: roleName) { entryStates[role] = state.value }
        }
        return Workflow(id: leaf.id, version: leaf.version, name: leaf.name ?? procedure?.name ?? leaf.id, file: leaf.file,
                        procedure: procedure, states: built, stateOrder: order, transitions: compiled, steps: stepIDs,
                        entry: entryStates, caseKind: leaf.kind.caseKind)
    }

    private func problem(_ code: String, _ loc: SourceLocation, _ message: String, hint: String? = nil) -> Problem {
        Problem(code: code, file: loc.file, line: loc.line, element: loc.element, message: message, hint: hint)
    }

    private func buildState(_ s: Spec, isStep: Bool, procedure: Procedure?, problems: inout [Problem]) -> WorkflowState? {
        let terminal = s.terminal ?? false
        var owner: Owner?
        if let spec = s.owner { owner = resolveOwner(spec, procedure: procedure, problems: &problems) }
        if !terminal && s.owner == nil {
            problems.append(problem("missing_owner", s.location, "the state '\(s.id)' has no owner",
                                    hint: "add owner: {role: …, department: …}; only terminal states have none"))
        }
        let isDocument = leaf.kind.caseKind != .dossier
        var edxml: EdXMLStatusCode?
        if let e = s.edxmlStatus {
            if !isDocument {
                problems.append(problem("edxml_status_on_dossier", e.location, "the state '\(s.id)' of a procedure has an edXML status",
                                        hint: "edxmlStatus belongs to document workflows (kind: incoming_document); dossiers use portalStatus"))
            } else if let code = EdXMLStatusCode(rawValue: e.value) {
                edxml = code
            } else {
                problems.append(problem("bad_edxml_status", e.location, "edXML status '\(e.value)' does not exist",
                                        hint: "use one of " + EdXMLStatusCode.allCases.map(\.rawValue).joined(separator: ", ")))
            }
        }
        if isDocument, let p = s.portalStatus {
            problems.append(problem("portal_status_on_document", p.location, "the state '\(s.id)' of a document workflow has a portal status",
                                    hint: "documents are not pushed to the portal; use edxmlStatus: 01–06, 13, 15 or 16"))
        }
        if s.portalStatus == nil && !isDocument {
            problems.append(problem("missing_portal_status", s.location, "the state '\(s.id)' has no portal status",
                                    hint: "add portalStatus: 1–10 (TrangThaiHoSo); processing steps use 4"))
        }
        if let p = s.portalStatus, !(1...10).contains(p.value) {
            problems.append(problem("bad_portal_status", p.location, "portal status \(p.value) does not exist",
                                    hint: "TrangThaiHoSo runs from 1 (Mới đăng ký) to 10 (Đã trả kết quả)"))
        }
        if s.label == nil {
            problems.append(problem("missing_label", s.location, "the state '\(s.id)' has no label",
                                    hint: "add label: the Vietnamese name officers see, e.g. Thẩm định hồ sơ"))
        }
        return WorkflowState(id: s.id, label: s.label ?? s.id, owner: owner, portalStatus: s.portalStatus?.value ?? 0,
                             edxmlStatus: edxml, clock: s.clock ?? (terminal ? .stopped : .running), terminal: terminal, milestone: s.milestone,
                             share: s.share?.value, requiresAssignee: s.requiresAssignee ?? false, isStep: isStep,
                             location: s.location)
    }

    func resolveOwner(_ spec: WorkflowDocument.OwnerSpec, procedure: Procedure?, problems: inout [Problem]) -> Owner? {
        guard let role = Role(rawValue: spec.role.value) else {
            problems.append(problem("unknown_role", spec.role.location, "unknown role '\(spec.role.value)'",
                                    hint: Suggestion.hint(for: spec.role.value, among: Role.allCases.map(\.rawValue), noun: "role")))
            return nil
        }
        guard let dept = spec.department else { return Owner(role: role) }
        if dept.value == "$procedure" { return Owner(role: role, department: procedure?.department) }
        if dept.value == Owner.leadDepartment || dept.value == Owner.cooperatingDepartments {
            guard leaf.kind.caseKind != .dossier else {
                problems.append(problem("lead_on_dossier", dept.location, "\(dept.value) names departments of a document",
                                        hint: "procedures name their department, or $procedure"))
                return nil
            }
            return Owner(role: role, department: dept.value)
        }
        if dept.value.hasPrefix("$") {
            problems.append(problem("unknown_placeholder", dept.location, "unknown placeholder '\(dept.value)'",
                                    hint: "department placeholders are $procedure (the procedure's department) and, in document workflows, $lead and $cooperating"))
            return nil
        }
        if role.isAgencyWide {
            problems.append(problem("agency_wide_role", dept.location, "the role '\(role.rawValue)' belongs to no department",
                                    hint: "remove department for director, portal and admin"))
        }
        return Owner(role: role, department: dept.value)
    }
}
