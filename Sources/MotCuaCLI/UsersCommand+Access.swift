import ArgumentParser
import MotCuaStore

extension UsersCommand {
    /// `motcua users revoke USERNAME`: every API token of the user stops working (within a
    /// second on running servers, whose token cache lives one second).
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke every API token of a user (refused within a second).")

        @Argument(help: "Login name.")
        var username: String

        @OptionGroup var data: DataOptions

        func run() async throws {
            let runtime = try await Runtime.load(data)
            guard let user = try await runtime.users.user(username: username) else {
                throw UserFailure(message: "no user '\(username)'; create one with `motcua users add`")
            }
            let count = try await runtime.users.revokeTokens(of: user.id)
            print("\(count) token(s) of \(user.username) revoked")
        }
    }

    /// `motcua users deactivate USERNAME [--undo]`.
    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deactivate a user who left: tokens and password refused within a second; the history keeps the name.")

        @Argument(help: "Login name.")
        var username: String

        @Flag(help: "Reactivate the user instead.")
        var undo = false

        @OptionGroup var data: DataOptions

        func run() async throws {
            let runtime = try await Runtime.load(data)
            guard let user = try await runtime.users.user(username: username),
                  try await runtime.users.setActive(undo, userID: user.id)
            else { throw UserFailure(message: "no user '\(username)'") }
            print("\(user.username) \(undo ? "reactivated" : "deactivated")")
        }
    }
}
