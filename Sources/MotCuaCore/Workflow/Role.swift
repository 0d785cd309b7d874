/// What a user does in the agency; decides which steps they may act on.
public enum Role: String, CaseIterable, Sendable, Codable {
    /// One-stop desk officer (cán bộ Bộ phận Một cửa).
    case desk
    /// Department officer who appraises (chuyên viên).
    case specialist
    /// Head of a department (trưởng phòng).
    case departmentHead = "department_head"
    /// Director or deputy director who approves and signs (lãnh đạo Sở).
    case director
    /// Clerk who numbers and issues results (văn thư).
    case clerk
    /// The provincial public-service portal, as a system client.
    case portal
    /// Administrator of the installation.
    case admin

    /// Roles that belong to no department (agency-wide).
    public var isAgencyWide: Bool { self == .director || self == .portal || self == .admin }

    /// Vietnamese title, as printed on the process control slip.
    public var vietnameseTitle: String {
        switch self {
        case .desk: "Cán bộ Một cửa"
        case .specialist: "Chuyên viên"
        case .departmentHead: "Trưởng phòng"
        case .director: "Lãnh đạo Sở"
        case .clerk: "Văn thư"
        case .portal: "Cổng dịch vụ công"
        case .admin: "Quản trị hệ thống"
        }
    }
}

/// Who may act: a role, and a department when the role is departmental and the step
/// belongs to one (`nil` = any department).
public struct Owner: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The role required.
    public var role: Role
    /// The department required, if any.
    public var department: String?

    /// An owner.
    public init(role: Role, department: String? = nil) {
        self.role = role
        self.department = department
    }

    /// Whether an actor with this role and department qualifies.
    public func admits(role: Role, department: String?) -> Bool {
        role == self.role && (self.department == nil || self.department == department)
    }

    /// The department placeholder of document workflows: the lead department the director
    /// names, known only per document.
    public static let leadDepartment = "$lead"

    /// The owner for one case: `$lead` becomes the document's lead department (an owner
    /// that waits for a lead no one has named yet admits nobody of a department).
    public func resolved(for d: Dossier) -> Owner {
        guard department == Self.leadDepartment else { return self }
        return Owner(role: role, department: d.document?.lead ?? Self.leadDepartment)
    }

    /// The department placeholder for the cooperating departments (đơn vị phối hợp) of a
    /// document whose opinion is still awaited; for transitions' `by`, not states' owners.
    public static let cooperatingDepartments = "$cooperating"

    /// Every owner this one stands for on one case: `$cooperating` is one per department
    /// whose opinion is awaited (none once all are given); anything else is `resolved`.
    public func resolvedAll(for d: Dossier) -> [Owner] {
        guard department == Self.cooperatingDepartments else { return [resolved(for: d)] }
        return (d.document?.pendingOpinions ?? []).map { Owner(role: role, department: $0) }
    }

    /// `department_head@QLCN`.
    public var description: String { department.map { "\(role.rawValue)@\($0)" } ?? role.rawValue }
}
