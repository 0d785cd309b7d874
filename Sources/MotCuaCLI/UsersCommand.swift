import ArgumentParser
import Foundation
import MotCuaCore
import MotCuaStore

/// `motcua users …`.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "users", abstract: "Manage users and their API tokens.",
                                                    subcommands: [Add.self, Passwd.self, Revoke.self, Deactivate.self])

    /// `motcua users add NAME --role R [--department D]`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user and print a new API token (shown once).")

        @Argument(help: "Full name, e.g. \"Nguyễn Thị Mai\".")
        var name: String

        @Option(help: "Role: desk, specialist, department_head, director, clerk, portal, admin.")
        var role: String

        @Option(help: "Department code (config/org.yaml); required except for director, portal and admin.")
        var department: String?

        @Option(help: "Login name (default: derived from the name).")
        var username: String?

        @Option(help: "E-mail address, for assignment and deadline notices.")
        var email: String?

        @OptionGroup var data: DataOptions

        func validate() throws {
            guard Role(rawValue: role) != nil else {
                throw ValidationError("unknown role '\(role)'; use one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 200 else {
                throw ValidationError("the name must be 1–200 characters")
            }
        }

        func run() async throws {
            let runtime = try await Runtime.load(data)
            if let department, !runtime.organization.hasDepartment(department) {
                throw UserFailure(message: "unknown department '\(department)'; known: "
                    + runtime.organization.departments.map(\.code).joined(separator: ", "))
            }
            let login = username ?? Self.username(from: name)
            do {
                let (user, token) = try await runtime.users.create(username: login, name: name, role: Role(rawValue: role)!, department: department,
                                                             email: email)
                print("created \(user.username) (\(user.id)), role \(user.role.rawValue)\(user.department.map { ", department \($0)" } ?? "")")
                print("token: \(token)")
                print("(the token is shown once; keep it safe)")
            } catch let error as UserError {
                throw UserFailure(message: error.description)
            }
        }

        /// `Nguyễn Thị Mai` → `nguyen.thi.mai`.
        static func username(from name: String) -> String {
            let folded = name.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
                .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
            let words = folded.split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { $0.allSatisfy(\.isASCII) }
            return words.isEmpty ? "user" : String(words.joined(separator: ".").prefix(64))
        }
    }
}

/// `motcua audit verify|checkpoint`.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Check the event log; sign checkpoints of it.",
                                                    subcommands: [Verify.self, Checkpoint.self])

    /// Writes a signed checkpoint of every chain head.
    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign the root of every dossier's chain head with the audit key and write it to a file outside the database.")

        @OptionGroup var data: DataOptions

        @Option(help: "Folder for checkpoint files (default: audit.checkpointDir or data/checkpoints).")
        var out: String?

        func run() async throws {
            let runtime = try await Runtime.load(data)
            let key = try runtime.auditKey(create: true)
            let now = Date()
            let path = try await runtime.dossiers.publishCheckpoint(
                to: out ?? runtime.checkpointDirectory, key: key, at: now, iso: runtime.calendar.iso(now),
                agencyName: runtime.organization.agencyName, inspector: runtime.inspectorEmail)
            print(path)
            if let inspector = runtime.inspectorEmail { print("queued for \(inspector) (the server's dispatcher sends it)") }
        }
    }

    /// Checks every dossier's hash chain.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check every dossier's hash chain; exit 1 naming the first broken dossier.")

        @OptionGroup var data: DataOptions

        @Option(help: "Also check the signed checkpoints in this folder: detects a history rewritten with recomputed hashes.")
        var checkpoints: String?

        func run() async throws {
            let runtime = try await Runtime.load(data)
            let (checked, broken) = try await runtime.dossiers.verifyAudit()
            if let broken {
                throw UserFailure(message: "dossier \(broken.code): \(broken.reason) (checked \(checked) dossiers)")
            }
            print("\(checked) dossiers: every hash chain is intact")
            guard let checkpoints else { return }
            let key = try runtime.auditKey(create: false)
            let (count, mismatch) = try await runtime.dossiers.verifyCheckpoints(in: checkpoints, key: key)
            if let mismatch {
                let who = mismatch.code.map { "dossier \($0): " } ?? ""
                throw UserFailure(message: "\(who)\(mismatch.reason) (\(mismatch.file))")
            }
            guard count > 0 else { throw UserFailure(message: "\(checkpoints): no checkpoint files to check against") }
            print("\(count) checkpoints: signed by this installation's key, and the history still ends in every head they list")
        }
    }
}
