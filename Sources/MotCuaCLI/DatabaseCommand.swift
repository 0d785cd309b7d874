import ArgumentParser
import Foundation
import MotCuaCore
import MotCuaDefinitions
import MotCuaServer
import MotCuaStore

/// `motcua db`: the database's schema and moving an installation to PostgreSQL.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "db", abstract: "Migrate the database; copy a SQLite installation to PostgreSQL.",
                                                    subcommands: [Migrate.self, Copy.self])

    /// Applies the named migrations not yet applied (every command opening a database does
    /// too; this does only that, e.g. before starting new instances of an upgraded version).
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply the migrations the database lacks (SQLite file or postgres:// URL) and list what it has.")

        @OptionGroup var data: DataOptions

        func run() async throws {
            let settings = try Runtime.loadSettings(data.config)
            let target = data.database ?? settings["database.url"] ?? settings["database"] ?? "data/motcua.sqlite"
            let applied: [String]
            switch try await OpenDatabase.open(target, settings: settings) {
            case let .sqlite(d): applied = try await d.appliedMigrations()
            case let .postgres(d):
                defer { d.close() }
                applied = try await d.appliedMigrations()
            }
            let shown = PostgresLocation.isURL(target) ? ((try? PostgresLocation(url: target))?.description ?? "the database") : target
            print("\(shown): up to date, \(applied.count) migrations applied; the newest: \(applied.last ?? "none")")
        }
    }

    /// Copies a stopped SQLite installation into an empty PostgreSQL database and verifies it.
    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a SQLite database into an empty PostgreSQL one (all or nothing), then verify counts and every hash chain.",
            discussion: """
            Stop the server using the SQLite file first: the copy reads one consistent snapshot, and what is written \
            after it is not copied. The target must be migrated (it is, by this command) and hold no users or dossiers.
            """)

        @Option(help: "The SQLite database: sqlite:PATH or a file path.")
        var from: String

        @Option(help: "The PostgreSQL database: postgres://USER@HOST:PORT/NAME (password in PGPASSWORD).")
        var to: String

        func validate() throws {
            guard PostgresLocation.isURL(to) else { throw ValidationError("--to must be a postgres:// URL") }
            do { _ = try PostgresLocation(url: to) } catch { throw ValidationError("--to: \(error)") }
            guard !PostgresLocation.isURL(from) else { throw ValidationError("--from must be a SQLite file (sqlite:PATH)") }
        }

        func run() async throws {
            let path = from.hasPrefix("sqlite:") ? String(from.dropFirst("sqlite:".count)) : from
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw UserFailure(message: "\(path): no such SQLite file")
            }
            let source: StoreDatabase
            do { source = try await StoreDatabase.open(path: path) } catch {
                throw UserFailure(message: "\(path): cannot open it as a motcua SQLite database: \(error)")
            }
            var location = try PostgresLocation(url: to)
            location.poolSize = 4
            let target: PostgresDatabase
            do { target = try await PostgresDatabase.open(location) } catch {
                throw UserFailure(message: "\(location): cannot open the database: \(error); is the server running and the database created?")
            }
            defer { target.close() }
            let started = Date()
            let report: DatabaseCopy.Report
            do {
                report = try await DatabaseCopy(from: source, to: target).run { table, rows in
                    FileHandle.standardError.write(Data("  \(table): \(rows) rows\n".utf8))
                }
            } catch let failure as DatabaseCopyError {
                throw UserFailure(message: "db copy: \(failure.reason)")
            }
            let total = report.rows.reduce(0) { $0 + $1.count }
            print(String(format: "copied %d rows in %d tables from %@ to %@ in %.1f s; counts match, every event hash matches, %d hash chains verify",
                         total, report.rows.filter { $0.count > 0 }.count, path, location.description, Date().timeIntervalSince(started),
                         report.verifiedChains))
        }
    }
}
