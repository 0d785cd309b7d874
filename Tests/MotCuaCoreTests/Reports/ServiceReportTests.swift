import Foundation
import MotCuaCore
import Testing

@Suite("Service report (Decision 766): counts, on-time rate, processing time, weeks")
struct ServiceReportTests {
    let vn = Repository.vn
    func day(_ text: String) -> CivilDate? { CivilDate(iso: text) }

    func row(_ code: String, department: String, channel: Channel = .direct, received: String?, finished: String? = nil,
             due: String? = nil, outcome: Outcome? = nil, paused: Int = 0, state: String = "received") -> ReportRow {
        ReportRow(code: code, procedureCode: department == "QLCN" ? "1.000173" : "1.014393", department: department, state: state,
                  channel: channel, receivedAt: received.map(vn), finishedAt: finished.map(vn), dueAt: due.map(vn), outcome: outcome,
                  pausedWorkingSeconds: paused)
    }

    @Test("received, online share, finished by verdict, waits excluded from processing time, overdue now, per week and department")
    func figures() throws {
        let rows = [
            row("1", department: "QLCN", received: "2027-03-01T08:00", finished: "2027-03-03T08:00", outcome: .early, state: "returned"),
            // Two supplement rounds: the engine judged it late; one working day of waiting.
            row("2", department: "QLCN", channel: .online, received: "2027-03-02T08:00", finished: "2027-03-10T08:00", outcome: .late,
                paused: 27_000, state: "result_ready"),
            row("3", department: "QLKH", channel: .online, received: "2027-03-08T08:00", due: "2027-03-09T08:00", state: "appraisal"),
            // Received before the period, finished in it.
            row("4", department: "QLKH", received: "2027-02-22T08:00", finished: "2027-03-05T08:00", outcome: .onTime, state: "returned"),
            // Outside the period and not overdue: not counted anywhere.
            row("5", department: "QLKH", received: "2027-02-01T08:00", finished: "2027-02-10T08:00", outcome: .early),
            // Not received yet (waiting for the desk): not counted.
            row("6", department: "QLCN", channel: .online, received: nil, state: "submitted"),
        ]
        let r = ServiceReport.compute(rows, from: try #require(day("2027-03-01")), to: try #require(day("2027-03-14")),
                                      grouping: .department, calendar: Repository.calendar, now: vn("2027-03-15T12:00"))
        #expect(r.total.received == 3 && r.total.receivedOnline == 2)
        #expect(r.total.onlineShare == 2.0 / 3.0)
        #expect(r.total.byState == ["returned": 1, "result_ready": 1, "appraisal": 1])
        #expect(r.total.finished == 3 && r.total.early == 1 && r.total.onTime == 1 && r.total.late == 1)
        #expect(r.total.onTimeRate == 2.0 / 3.0)
        #expect(r.total.overdue == 1)
        // 2 + (6 − 1) + 9 working days over three finished dossiers.
        let average = try #require(r.total.averageProcessingDays(daySeconds: Repository.calendar.standardDaySeconds))
        #expect(abs(average - 16.0 / 3.0) < 1e-9)
        #expect(r.groups.map(\.key) == ["QLCN", "QLKH"])
        let qlcn = r.groups[0].figures, qlkh = r.groups[1].figures
        #expect(qlcn.received == 2 && qlcn.finished == 2 && qlcn.onTimeRate == 0.5 && qlcn.overdue == 0)
        #expect(qlkh.received == 1 && qlkh.finished == 1 && qlkh.onTime == 1 && qlkh.overdue == 1)
        #expect(r.weeks.map(\.monday.description) == ["2027-03-01", "2027-03-08"])
        #expect(r.weeks.map(\.received) == [2, 1] && r.weeks.map(\.finished) == [2, 1])
    }

    @Test("by procedure; an empty period has no rates (not zero) and one week per Monday it touches")
    func emptyAndByProcedure() throws {
        let rows = [row("1", department: "QLCN", received: "2027-03-03T09:00")]
        let r = ServiceReport.compute(rows, from: try #require(day("2027-03-03")), to: try #require(day("2027-03-16")),
                                      grouping: .procedure, calendar: Repository.calendar, now: vn("2027-03-03T10:00"))
        #expect(r.groups.map(\.key) == ["1.000173"])
        #expect(r.total.onTimeRate == nil && r.total.averageProcessingDays(daySeconds: 27_000) == nil)
        #expect(r.weeks.map(\.monday.description) == ["2027-03-01", "2027-03-08", "2027-03-15"])
        let empty = ServiceReport.compute([], from: try #require(day("2027-03-03")), to: try #require(day("2027-03-03")),
                                          grouping: .department, calendar: Repository.calendar, now: vn("2027-03-03T10:00"))
        #expect(empty.total.received == 0 && empty.total.onlineShare == nil && empty.groups.isEmpty && empty.weeks.count == 1)
    }
}
