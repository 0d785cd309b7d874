import Foundation
import MotCuaCore
import MotCuaStore

/// `motcua bench --database postgres://…`: the lifecycle benchmark on a throw-away database
/// of that server, next to the server's own floor measured in the same run by Debian's
/// `pgbench` (one-row insert transactions from as many clients as the store's pool).
struct PostgresBench {
    let server: PostgresLocation

    /// Figures of one run.
    struct Figures {
        var floorPerSecond: Double
        var floorClients: Int
        var result: BenchResult
        var checked: Int
        /// The machine's busy CPU per pgbench transaction (pgbench and the server), µs.
        var floorMachineMicroseconds: Double?
        /// Where the lifecycle's CPU went, per transition.
        var split: CPUSplit?
    }

    /// CPU per transition of the lifecycle on PostgreSQL, in µs: motcua's own (deciding,
    /// hashing, encoding, postgres-nio) and the rest of the machine's (the database's
    /// backends, its WAL writer, anything else running). On a machine whose cores run both,
    /// their sum sets the rate: cores ÷ (motcua + rest) transitions per second.
    struct CPUSplit {
        var motcua: Double
        var rest: Double
    }

    /// Runs the floor, then the plan, each on its own fresh database, dropped afterwards.
    func run(plan: BenchPlan, dossiers: Int, concurrency: Int, floorTransactions: Int, progress: Bool) async throws -> Figures {
        let tag = UUID().uuidString.prefix(8).lowercased().filter { $0.isLetter || $0.isNumber }
        var floorDatabase = server
        floorDatabase.database = "motcua_bench_floor_\(tag)"
        var storeDatabase = server
        storeDatabase.database = "motcua_bench_\(tag)"
        storeDatabase.poolSize = min(max(concurrency, PostgresLocation.poolSizes.lowerBound), 64)
        let clients = storeDatabase.poolSize
        var floor = 0.0
        var floorMachine: Double?
        if floorTransactions > 0 {
            try await PostgresDatabase.create(database: floorDatabase.database, at: server)
            do {
                (floor, floorMachine) = try await pgbench(floorDatabase, clients: clients, transactions: floorTransactions)
                try await PostgresDatabase.drop(database: floorDatabase.database, at: server)
            } catch {
                try? await PostgresDatabase.drop(database: floorDatabase.database, at: server)
                throw error
            }
            if progress { print(String(format: "floor, pgbench one-row inserts from %d clients: %.0f/s", clients, floor)) }
        }
        try await PostgresDatabase.create(database: storeDatabase.database, at: server)
        let database = try await PostgresDatabase.open(storeDatabase)
        do {
            let store = PostgresStore(database: database, agencyCode: "000.00.01.H22")
            let (motcuaBefore, machineBefore) = (ProcessCPU.seconds(), MachineCPU.seconds())
            let result = try await plan.run(store: store, dossiers: dossiers, concurrency: concurrency, progress: progress)
            var split: CPUSplit?
            if let before = machineBefore, let after = MachineCPU.seconds() {
                let motcua = ProcessCPU.seconds() - motcuaBefore
                let transitions = Double(max(1, result.commands))
                split = CPUSplit(motcua: motcua / transitions * 1e6, rest: max(0, after - before - motcua) / transitions * 1e6)
            }
            let audit = try await store.verifyAudit()
            guard audit.broken == nil, audit.checked == dossiers else {
                throw UserFailure(message: "PostgreSQL benchmark database failed its audit: \(String(describing: audit.broken))")
            }
            database.close()
            try await PostgresDatabase.drop(database: storeDatabase.database, at: server)
            return Figures(floorPerSecond: floor, floorClients: clients, result: result, checked: audit.checked,
                           floorMachineMicroseconds: floorMachine, split: split)
        } catch {
            database.close()
            try? await PostgresDatabase.drop(database: storeDatabase.database, at: server)
            throw error
        }
    }

    /// pgbench's transactions per second, and the machine's busy CPU per transaction in µs
    /// (where `/proc/stat` can be read): `INSERT` of one row into `pgbench_history`, each its own
    /// transaction, `transactions` in all from `clients` connections (the table from `pgbench -i
    /// -s 1`). A count rather than `-T`: pgbench times `-T` with SIGALRM, which a child of this
    /// process never receives (the signal is blocked in the threads it is started from).
    func pgbench(_ location: PostgresLocation, clients: Int, transactions: Int) async throws
        -> (perSecond: Double, cpuMicroseconds: Double?) {
        let binary = try Self.pgbenchBinary()
        let connection = ["-h", location.host, "-p", String(location.port), "-U", location.user]
        _ = try await Self.execute(binary, ["-i", "-q", "-s", "1"] + connection + [location.database], password: location.password)
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-pgbench-\(UUID().uuidString).sql")
        try "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, 1, 1, now());\n"
            .write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let perClient = max(1, transactions / clients)
        let machineBefore = MachineCPU.seconds()
        let output = try await Self.execute(binary, ["-n", "-c", String(clients), "-j", String(min(clients, 4)), "-t", String(perClient),
                                                     "-f", script.path] + connection + [location.database], password: location.password)
        let machine = machineBefore.flatMap { before in MachineCPU.seconds().map { ($0 - before) / Double(perClient * clients) * 1e6 } }
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
              let tps = Double(line.dropFirst(6).prefix(while: { $0.isNumber || $0 == "." })) else {
            throw UserFailure(message: "pgbench printed no tps line:\n\(output)")
        }
        return (perSecond: tps, cpuMicroseconds: machine)
    }

    /// Debian's pgbench: on PATH, or in the server's binaries.
    static func pgbenchBinary() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        var candidates = path.split(separator: ":").map { "\($0)/pgbench" }
        if let versions = try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql") {
            candidates += versions.sorted().reversed().map { "/usr/lib/postgresql/\($0)/bin/pgbench" }
        }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw UserFailure(message: "pgbench not found (Debian's postgresql package has it: apt-get install postgresql)")
        }
        return found
    }

    /// Runs a program to its end without holding a cooperative thread; its output (both streams).
    static func execute(_ binary: String, _ arguments: [String], password: String?) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        if let password { environment["PGPASSWORD"] = password }
        process.environment = environment
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-pgbench-\(UUID().uuidString).out")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        try handle.close()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        guard status == 0 else { throw UserFailure(message: "\(binary) \(arguments.first ?? "") failed (\(status)):\n\(text)") }
        return text
    }
}
