public import ArgumentParser
import Foundation
public import MotCuaStore

/// `motcua outbox list|retry`: inspect and replay deliveries.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outbox", abstract: "Inspect and replay deliveries.",
                                                    subcommands: [List.self, Retry.self])

    /// Lists deliveries.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List deliveries (oldest first, at most 500).")

        @Option(help: "pending, dead or delivered.")
        var status: OutboxStatus?

        @OptionGroup var data: DataOptions

        func run() async throws {
            let runtime = try await Runtime.load(data)
            let rows = try await runtime.dossiers.outbox(status: status)
            for r in rows {
                print("\(r.id)\t\(r.channel.rawValue)\t\(r.status.rawValue)\tattempts=\(r.attempts)\t\(r.lastError ?? "")")
            }
            print("\(rows.count) deliveries")
        }
    }

    /// Replays one delivery or all dead ones.
    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Queue a delivery again (ID), or every dead one (--all-dead).")

        @Argument(help: "Delivery id (see outbox list).")
        var id: String?

        @Flag(name: .customLong("all-dead"), help: "Queue every dead delivery again.")
        var allDead = false

        @OptionGroup var data: DataOptions

        func validate() throws {
            if (id == nil) == !allDead { throw ValidationError("give a delivery ID or --all-dead") }
        }

        func run() async throws {
            let runtime = try await Runtime.load(data)
            if allDead {
                print("\(try await runtime.dossiers.retryAllDead(at: Date())) dead deliveries queued again")
            } else if let id {
                guard try await runtime.dossiers.retryOutbox(id: id, at: Date()) else {
                    throw UserFailure(message: "no delivery '\(id)' to retry (it does not exist or is already pending)")
                }
                print("\(id) queued again")
            }
        }
    }
}

extension OutboxStatus: ExpressibleByArgument {}
