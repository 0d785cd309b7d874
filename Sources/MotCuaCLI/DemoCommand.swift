import ArgumentParser
import Foundation
import MotCuaCore
import MotCuaStore

/// `motcua demo seed`: demo users for `make run`, with fresh tokens in data/demo-tokens.json.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Demo data for trying motcua out.",
                                                    subcommands: [Seed.self])

    /// Creates (or reuses) the demo users and writes their new tokens and passwords.
    struct Seed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the demo users (desk, clerk, director, portal, admin, a head and a specialist per department) and write data/demo-tokens.json."
        )

        @OptionGroup var data: DataOptions

        @Option(help: "Where to write the tokens.")
        var out: String = "data/demo-tokens.json"

        @Option(help: "Also log this many dossiers at the desk (waiting in its inbox), through the store, for benchmarks.")
        var dossiers: Int = 0

        func validate() throws {
            guard (0...10_000_000).contains(dossiers) else { throw ValidationError("--dossiers must be 0–10,000,000") }
        }

        struct DemoUser {
            let username: String
            let name: String
            let role: Role
            let department: String?
        }

        /// The cast: agency-wide roles, the desk, and a head and a specialist in every department owning a step.
        static func cast(departments: [String], deskDepartment: String, clerkDepartment: String) -> [DemoUser] {
            var users = [
                DemoUser(username: "motcua.desk", name: "Nguyễn Thị Mai", role: .desk, department: deskDepartment),
                DemoUser(username: "van.thu", name: "Võ Thị Lan", role: .clerk, department: clerkDepartment),
                DemoUser(username: "giam.doc", name: "Phạm Minh Đức", role: .director, department: nil),
                DemoUser(username: "cong.dvc", name: "Cổng Dịch vụ công tỉnh", role: .portal, department: nil),
                DemoUser(username: "quan.tri", name: "Quản trị hệ thống", role: .admin, department: nil),
            ]
            let heads = ["Trần Văn Hùng", "Đỗ Văn Khoa", "Lý Thị Ngọc", "Bùi Quang Vinh", "Đặng Thu Hà"]
            let specialists = ["Lê Thị Hoa", "Hồ Thị Thu", "Ngô Văn Sơn", "Phan Thị Yến", "Trịnh Minh Tuấn"]
            for (i, d) in departments.enumerated() {
                users.append(DemoUser(username: "truong.phong.\(d.lowercased())", name: heads[i % heads.count], role: .departmentHead, department: d))
                users.append(DemoUser(username: "chuyen.vien.\(d.lowercased())", name: specialists[i % specialists.count], role: .specialist, department: d))
            }
            return users
        }

        func run() async throws {
            let runtime = try await Runtime.load(data)
            let stepDepartments = Set(runtime.catalog.all.flatMap { w in w.steps.compactMap { w.states[$0]?.owner?.department } })
            let deskDepartment = runtime.organization.departments.first?.code ?? "MC"
            let clerkDepartment = runtime.catalog.all.flatMap { w in w.states.values.filter { $0.owner?.role == .clerk }.compactMap { $0.owner?.department } }.first
                ?? deskDepartment
            var rows: [[String: Any]] = []
            var passwords: [(userID: String, password: String)] = []
            for u in Self.cast(departments: stepDepartments.sorted(), deskDepartment: deskDepartment, clerkDepartment: clerkDepartment) {
                let user: User
                let token: String
                if let existing = try await runtime.users.user(username: u.username) {
                    user = existing
                    token = try await runtime.users.issueToken(for: existing.id)
                } else {
                    (user, token) = try await runtime.users.create(username: u.username, name: u.name, role: u.role, department: u.department,
                                                             email: u.role == .portal ? nil : "\(u.username)@motcua.example.vn")
                }
                // Random, and independent of the token (it used to be the token's last characters).
                let password = UserStore.randomPassword()
                passwords.append((user.id, password))
                rows.append(["username": user.username, "name": user.name, "role": user.role.rawValue,
                             "department": user.department ?? NSNull(), "token": token, "password": password])
            }
            // bcrypt is slow on purpose: the hashes are made on every core at once.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (id, password) in passwords { group.addTask { try await runtime.users.setPassword(password, for: id) } }
                try await group.waitForAll()
            }
            let json = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: out).deletingLastPathComponent().path,
                                                    withIntermediateDirectories: true)
            try json.write(to: URL(fileURLWithPath: out))
            if dossiers > 0 { try await DemoDossiers(runtime: runtime).log(dossiers) }
            print("Demo users (tokens also in \(out)):")
            for row in rows {
                let dept = (row["department"] as? String).map { " @\($0)" } ?? ""
                print("  \((row["role"] as! String).padding(toLength: 16, withPad: " ", startingAt: 0)) \(row["name"] as! String)\(dept)")
                print("      Authorization: Bearer \(row["token"] as! String)")
                print("      sign-in: \(row["username"] as! String) / \(row["password"] as! String)")
            }
        }
    }
}
