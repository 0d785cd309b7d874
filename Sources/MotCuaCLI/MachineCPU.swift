import Foundation

/// CPU time the whole machine spent busy (every core, every process), from `/proc/stat`.
/// The PostgreSQL benchmark runs the database on the same cores as motcua; the machine's
/// busy time less motcua's own (`ProcessCPU`) is what the database (and anything else
/// running) spent, which tells whose work sets the rate.
enum MachineCPU {
    /// Busy seconds since boot; nil where `/proc/stat` cannot be read (not Linux).
    static func seconds() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let ticks = busyTicks(procStat: text) else { return nil }
        let perSecond = sysconf(Int32(_SC_CLK_TCK))
        return Double(ticks) / Double(perSecond > 0 ? perSecond : 100)
    }

    /// The busy ticks of the aggregate `cpu` line: user, nice, system, irq, softirq and
    /// steal. Idle and iowait are not work; guest time is already inside user and nice.
    static func busyTicks(procStat: String) -> UInt64? {
        guard let line = procStat.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return nil }
        let values = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        guard values.count >= 8 else { return nil }
        return [0, 1, 2, 5, 6, 7].reduce(0) { $0 + values[$1] }
    }
}
