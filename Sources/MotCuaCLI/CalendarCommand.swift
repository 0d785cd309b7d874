import ArgumentParser
import Foundation
import MotCuaCore

/// `motcua calendar …`: the working-day calendar.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Working days: days off of a year, appointment times.",
        subcommands: [Holidays.self, Due.self]
    )
}

/// `motcua calendar holidays YEAR`.
struct Holidays: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the days off of a year (weekends excluded).")

    @Argument(help: "The year, e.g. 2027.")
    var year: Int

    @Option(help: "Output format: table or json.")
    var format: HolidayFormat = .table

    @OptionGroup var files: ConfigFiles

    func validate() throws {
        guard (1900...2200).contains(year) else { throw ValidationError("the year must be between 1900 and 2200") }
    }

    func run() throws {
        let calendar = try files.loadCalendar()
        let days = calendar.holidays(in: year)
        switch format {
        case .json:
            struct Row: Encodable { let date: String, name: String, kind: String }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let rows = days.map { Row(date: $0.date.description, name: $0.name, kind: $0.kind.rawValue) }
            print(String(decoding: try encoder.encode(rows), as: UTF8.self))
        case .table:
            print("Ngày nghỉ năm \(year) (\(calendar.timeZoneName))")
            for h in days {
                print("\(h.date)  \(h.date.weekday.vietnameseName.padding(toLength: 9, withPad: " ", startingAt: 0))  "
                    + "\(h.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0))  \(h.name)")
            }
            let makeUp = calendar.makeUpDays(in: year)
            if !makeUp.isEmpty {
                print("Ngày làm bù / đi làm theo thông báo:")
                for d in makeUp { print("\(d.date)  \(d.date.weekday.vietnameseName)  \(d.name)") }
            }
        }
    }
}

/// `motcua calendar due --from … --working-days N`.
struct Due: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute an appointment: a start time plus N working days (or a procedure's deadline)."
    )

    @Option(help: "Start, ISO 8601 with zone, e.g. 2026-04-24T09:00:00+07:00.")
    var from: String

    @Option(name: .customLong("working-days"), help: "Number of working days (default: the procedure's deadline).")
    var workingDays: Double?

    @Option(help: "Procedure code or workflow id: its deadline unit and cut-off hour apply.")
    var procedure: String?

    @Flag(help: "Explain the count: where it started and why, every day counted or skipped and its reason.")
    var explain = false

    @OptionGroup var files: ConfigFiles

    func validate() throws {
        if workingDays == nil && procedure == nil { throw ValidationError("give --working-days N or --procedure CODE") }
        if let n = workingDays, !(n >= 0 && n <= 3650) { throw ValidationError("--working-days must be between 0 and 3650") }
    }

    func run() throws {
        guard let start = Timestamp.parse(from) else {
            throw UserFailure(message: "--from '\(from)' is not an ISO 8601 time with a zone; write e.g. 2026-04-24T09:00:00+07:00")
        }
        let calendar = try files.loadCalendar()
        var deadline = Deadline(value: workingDays ?? 0)
        var cutoff: TimeOfDay?
        if let code = procedure {
            let workflows = try files.loadWorkflows(calendar: calendar)
            guard let p = workflows.first(where: { $0.procedure?.code == code || $0.id == code })?.procedure else {
                throw UserFailure(message: "no procedure '\(code)'; known: "
                    + workflows.compactMap { $0.procedure?.code }.sorted().joined(separator: ", "))
            }
            deadline = workingDays.map { Deadline(value: $0) } ?? p.deadline
            cutoff = p.cutoff
        }
        guard explain else {
            print(calendar.iso(calendar.due(from: start, deadline: deadline, cutoff: cutoff)))
            return
        }
        for line in DeadlineCountText.lines(calendar.count(from: start, deadline: deadline, cutoff: cutoff), calendar: calendar) {
            print(line)
        }
    }
}

/// How `calendar holidays` prints.
enum HolidayFormat: String, ExpressibleByArgument, CaseIterable { case table, json }
