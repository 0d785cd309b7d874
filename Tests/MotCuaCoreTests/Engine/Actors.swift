import MotCuaCore

/// The cast of the engine tests: one user per role and department.
enum Actors {
    static let desk = Actor(id: "u-desk", name: "Nguyễn Thị Mai", role: .desk, department: "MC")
    static let headQLCN = Actor(id: "u-head-qlcn", name: "Trần Văn Hùng", role: .departmentHead, department: "QLCN")
    static let specialistQLCN = Actor(id: "u-spec-qlcn", name: "Lê Thị Hoa", role: .specialist, department: "QLCN")
    static let director = Actor(id: "u-director", name: "Phạm Minh Đức", role: .director)
    static let clerkVP = Actor(id: "u-clerk", name: "Võ Thị Lan", role: .clerk, department: "VP")
    static let portal = Actor(id: "u-portal", name: "Cổng dịch vụ công", role: .portal)
    static let admin = Actor(id: "u-admin", name: "Quản trị", role: .admin)
    static let headQLKH = Actor(id: "u-head-qlkh", name: "Đỗ Văn Khoa", role: .departmentHead, department: "QLKH")
    static let specialistQLKH = Actor(id: "u-spec-qlkh", name: "Hồ Thị Thu", role: .specialist, department: "QLKH")

    static let all = [desk, headQLCN, specialistQLCN, director, clerkVP, portal, admin, headQLKH, specialistQLKH]

    static let specialistAssignee = Assignee(id: specialistQLCN.id, name: specialistQLCN.name)

    /// Where an assignee works, as the user directory would say (nil for a stranger).
    static func position(of assignee: Assignee?) -> Owner? {
        all.first { $0.id == assignee?.id }.map { Owner(role: $0.role, department: $0.department) }
    }
}
