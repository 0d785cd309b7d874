import ArgumentParser
import Foundation
import MotCuaStore

extension UsersCommand {
    /// `motcua users passwd USERNAME [--stdin]`: sets the password for the sign-in page.
    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "passwd",
            abstract: "Set a user's sign-in password: a random one, printed once, or one read from standard input.")

        @Argument(help: "Login name.")
        var username: String

        @Flag(help: "Read the new password from the first line of standard input instead of making a random one.")
        var stdin = false

        @OptionGroup var data: DataOptions

        func run() async throws {
            let password: String
            if stdin {
                guard let line = readLine(strippingNewline: true) else {
                    throw UserFailure(message: "no password on standard input; pipe one line, or leave out --stdin for a random one")
                }
                password = line.hasSuffix("\r") ? String(line.dropLast()) : line
            } else {
                password = UserStore.randomPassword()
            }
            do {
                try UserStore.validateNewPassword(password)
            } catch let error as PasswordError {
                throw UserFailure(message: "\(error); nothing was changed")
            }
            let runtime = try await Runtime.load(data)
            guard let user = try await runtime.users.user(username: username) else {
                throw UserFailure(message: "no user '\(username)'; create one with `motcua users add`")
            }
            try await runtime.users.setPassword(password, for: user.id)
            print("password of \(user.username) set")
            if !stdin {
                print("password: \(password)")
                print("(shown once; give it to \(user.name) in person)")
            }
        }
    }
}
