public import Foundation

/// The service-quality summary of a period (Decision 766/QĐ-TTg's measurable part): what
/// was received and how, what was finished and whether on time, how long it took, what is
/// overdue now — in total and per group (department or procedure).
public struct ServiceReport: Sendable, Hashable {
    /// How the groups are formed.
    public enum Grouping: String, Sendable, CaseIterable {
        /// By the department responsible for the procedure.
        case department
        /// By procedure.
        case procedure
    }

    /// The figures of one group or of the whole.
    public struct Figures: Sendable, Hashable {
        /// Received in the period.
        public var received = 0
        /// Of those, submitted online.
        public var receivedOnline = 0
        /// Current state of the dossiers received in the period.
        public var byState: [String: Int] = [:]
        /// Finished in the period.
        public var finished = 0
        /// Of those: early, on time, late.
        public var early = 0, onTime = 0, late = 0
        /// Open now and past the appointment (whenever received).
        public var overdue = 0
        /// Working time from receipt to finish less the waits, summed over the finished ones.
        var processingSeconds = 0

        /// Online submissions over receipts (`nil` with no receipt).
        public var onlineShare: Double? { received == 0 ? nil : Double(receivedOnline) / Double(received) }
        /// Early or on time over finished (`nil` with nothing finished).
        public var onTimeRate: Double? { finished == 0 ? nil : Double(early + onTime) / Double(finished) }

        mutating func add(_ row: ReportRow, received: Bool, finished: Bool, overdue: Bool, processingSeconds: Int) {
            if received {
                self.received += 1
                if row.channel == .online { receivedOnline += 1 }
                byState[row.state, default: 0] += 1
            }
            if finished {
                self.finished += 1
                switch row.outcome {
                case .early?: early += 1
                case .onTime?: onTime += 1
                // A finish without a verdict had no appointment: it cannot count as on time.
                case .late?, nil: late += 1
                }
                self.processingSeconds += processingSeconds
            }
            if overdue { self.overdue += 1 }
        }

        /// Average processing time in working days of `daySeconds` (`nil` with nothing finished).
        public func averageProcessingDays(daySeconds: Int) -> Double? {
            finished == 0 || daySeconds == 0 ? nil : Double(processingSeconds) / Double(finished) / Double(daySeconds)
        }
    }

    /// One week of the chart: received and finished.
    public struct Week: Sendable, Hashable {
        /// Its Monday.
        public var monday: CivilDate
        /// Received that week (within the period).
        public var received = 0
        /// Finished that week (within the period).
        public var finished = 0
    }

    /// First day of the period.
    public let from: CivilDate
    /// Last day of the period (included).
    public let to: CivilDate
    /// How the groups are formed.
    public let grouping: Grouping
    /// The whole.
    public var total = Figures()
    /// One group's figures.
    public struct Group: Sendable, Hashable {
        /// Department code or procedure code.
        public let key: String
        /// Its figures.
        public let figures: Figures
    }

    /// Per group key, in key order.
    public var groups: [Group] { byGroup.sorted { $0.key < $1.key }.map { Group(key: $0.key, figures: $0.value) } }
    /// Received and finished per week, Monday to Sunday, covering the period.
    public private(set) var weeks: [Week]
    private var byGroup: [String: Figures] = [:]
}

extension ServiceReport {
    /// The report of `rows` for the days `from…to` (local dates of `calendar`), overdue as of `now`.
    /// Rows outside the period count only if they are overdue.
    public static func compute(_ rows: [ReportRow], from: CivilDate, to: CivilDate, grouping: Grouping,
                               calendar: WorkingCalendar, now: Date) -> ServiceReport {
        let firstMonday = from.adding(days: -from.weekday.index)
        let weekCount = (to.dayNumber - firstMonday.dayNumber) / 7 + 1
        var report = ServiceReport(from: from, to: to, grouping: grouping,
                                   weeks: (0..<max(weekCount, 0)).map { Week(monday: firstMonday.adding(days: 7 * $0)) })
        func inPeriod(_ date: Date?) -> CivilDate? {
            guard let date else { return nil }
            let day = calendar.local(date).date
            return day >= from && day <= to ? day : nil
        }
        for row in rows {
            let received = inPeriod(row.receivedAt)
            let finished = row.receivedAt == nil ? nil : inPeriod(row.finishedAt)
            let overdue = row.finishedAt == nil && row.dueAt.map { $0 < now } == true
            guard received != nil || finished != nil || overdue else { continue }
            let processing = finished == nil ? 0
                : max(0, calendar.workingTime(from: row.receivedAt!, to: row.finishedAt!) - row.pausedWorkingSeconds)
            let key = (grouping == .department ? row.department : row.procedureCode) ?? "—"
            report.total.add(row, received: received != nil, finished: finished != nil, overdue: overdue, processingSeconds: processing)
            report.byGroup[key, default: Figures()].add(row, received: received != nil, finished: finished != nil, overdue: overdue,
                                                        processingSeconds: processing)
            if let day = received { report.weeks[(day.dayNumber - firstMonday.dayNumber) / 7].received += 1 }
            if let day = finished { report.weeks[(day.dayNumber - firstMonday.dayNumber) / 7].finished += 1 }
        }
        return report
    }
}
