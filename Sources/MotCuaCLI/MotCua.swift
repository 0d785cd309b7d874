public import ArgumentParser
import Foundation

/// The `motcua` command line.
public struct MotCua: AsyncParsableCommand {
    /// Command configuration: name, abstract and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "motcua",
        abstract: "Một cửa: the one-stop desk and e-office engine of a provincial agency.",
        discussion: """
        Exit codes: 0 success, 1 user error (invalid definition, bad input; the message names \
        file, line and element), 2 usage error.
        """,
        subcommands: [Serve.self, Validate.self, BenchCommand.self, OutboxCommand.self, Graph.self, CalendarCommand.self, UsersCommand.self, AuditCommand.self, DemoCommand.self, EdXMLCommand.self, DatabaseCommand.self]
    )

    /// Creates the root command (argument parser requirement).
    public init() {}

    /// Runs the command line with the process arguments and returns the exit status,
    /// mapping argument-parser usage failures to 2 as the contract says.
    public static func run(arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let failure as UserFailure {
            Output.error(failure.message)
            return 1
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                return 0
            }
            if !message.isEmpty { Output.error(message) }
            if code == .validationFailure { return 2 }
            return code.rawValue == 1 ? 1 : 2
        }
    }
}

/// A user error: bad input or an invalid definition. Exit status 1; the message goes to stderr.
struct UserFailure: Error {
    let message: String
}

/// Where the CLI writes.
enum Output {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
