import Foundation
import Testing

@Suite("motcua calendar")
struct CalendarCommandTests {
    struct Day: Decodable, Equatable {
        let date: String
        let name: String
        let kind: String
    }

    @Test("holidays 2026 --format json lists Tết on 17 February and Hùng Kings observed on 27 April")
    func holidays2026() async throws {
        let run = try await CLI.run(["calendar", "holidays", "2026", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let days = try JSONDecoder().decode([Day].self, from: Data(run.stdout.utf8))
        #expect(days.contains(Day(date: "2026-02-17", name: "Tết Nguyên đán", kind: "lunar")))
        #expect(days.contains { $0.date == "2026-04-27" && $0.kind == "substitute" })
        #expect(days.contains { $0.date == "2026-04-26" && $0.kind == "lunar" && $0.name == "Giỗ Tổ Hùng Vương" })
        #expect(days.allSatisfy { ["lunar", "fixed", "substitute", "configured"].contains($0.kind) })
        #expect(days.map(\.date) == days.map(\.date).sorted())
    }

    @Test("holidays as a table, in Vietnamese")
    func table() async throws {
        let run = try await CLI.run(["calendar", "holidays", "2027"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("2027-02-06  Thứ Bảy"))
        #expect(run.stdout.contains("Giỗ Tổ Hùng Vương"))
    }

    @Test("due --from 2026-04-24T09:00:00+07:00 --working-days 5 prints 2026-05-06T09:00:00+07:00")
    func due() async throws {
        let run = try await CLI.run(["calendar", "due", "--from", "2026-04-24T09:00:00+07:00", "--working-days", "5"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "2026-05-06T09:00:00+07:00\n")
    }

    @Test("due --explain lists every day across Hùng Kings' day and 30/4–1/5 with its reason, numbering the counted ones")
    func dueExplained() async throws {
        // Thursday 15 April 2027, 17:45: after hours; Friday 16 April is Hùng Kings' day.
        let run = try await CLI.run(["calendar", "due", "--from", "2027-04-15T17:45:00+07:00", "--working-days", "10", "--explain"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("2027-04-19T07:30:00+07:00") && $0.contains("ngoài giờ làm việc") })
        #expect(lines.contains { $0.contains("2027-04-16") && $0.contains("Giỗ Tổ Hùng Vương") && $0.contains("không tính") })
        #expect(lines.contains { $0.contains("2027-05-03") && $0.contains("nghỉ bù") })
        // The numbered days are exactly ten, and the last one is the appointment's date.
        let numbered = lines.filter { $0.trimmingCharacters(in: .whitespaces).first?.isNumber == true }
        #expect(numbered.count == 10)
        let plain = try await CLI.run(["calendar", "due", "--from", "2027-04-15T17:45:00+07:00", "--working-days", "10"])
        let due = plain.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(numbered.last?.contains(String(due.prefix(10))) == true)
        #expect(lines.last == "Hẹn trả:    \(due)")
    }

    @Test("due with a procedure uses its deadline")
    func dueForProcedure() async throws {
        let run = try await CLI.run(["calendar", "due", "--from", "2027-03-01T08:00:00+07:00", "--procedure", "1.000173"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "2027-03-15T08:00:00+07:00\n")
    }

    @Test("bad input: exit 1 with a message for bad values, 2 for usage errors", arguments: [
        (["calendar", "due", "--from", "24/04/2026", "--working-days", "5"], Int32(1), "ISO 8601"),
        (["calendar", "due", "--from", "2026-04-24T09:00:00", "--working-days", "5"], Int32(1), "ISO 8601"),
        (["calendar", "due", "--from", "2026-02-30T09:00:00+07:00", "--working-days", "5"], Int32(1), "ISO 8601"),
        (["calendar", "due", "--from", "2026-04-24T09:00:00+07:00", "--working-days", "-3"], Int32(2), "working-days"),
        (["calendar", "due", "--from", "2026-04-24T09:00:00+07:00", "--working-days", "abc"], Int32(2), "working-days"),
        (["calendar", "due", "--working-days", "5"], Int32(2), "--from"),
        (["calendar", "due", "--from", "2026-04-24T09:00:00+07:00", "--procedure", "9.999999"], Int32(1), "no procedure"),
        (["calendar", "holidays", "twenty"], Int32(2), "year"),
        (["calendar", "holidays", "99999999999999999999"], Int32(2), "year"),
        (["calendar", "holidays", "2026", "--format", "xml"], Int32(2), "format"),
        (["calendar", "holidays", "2026", "--calendar", "/nonexistent.yaml"], Int32(1), "/nonexistent.yaml"),
        (["frobnicate"], Int32(2), "frobnicate"),
    ])
    func badInput(arguments: [String], status: Int32, mention: String) async throws {
        let run = try await CLI.run(arguments)
        #expect(run.status == status, "\(arguments): \(run.stderr)")
        #expect(run.stderr.lowercased().contains(mention.lowercased()), "\(arguments): \(run.stderr)")
    }

    @Test("a broken calendar file is reported with file and line")
    func brokenCalendar() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-cal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("calendar.yaml")
        try "workingHours:\n  monday: [\"17:00-07:30\"]\n".write(to: file, atomically: true, encoding: .utf8)
        let run = try await CLI.run(["calendar", "holidays", "2026", "--calendar", file.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(file.path):2: error: workingHours.monday[0]"))
    }
}
