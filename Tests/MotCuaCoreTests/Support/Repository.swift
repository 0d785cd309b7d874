import Foundation
import MotCuaCore
import MotCuaDefinitions

/// Paths into the source tree and the shipped definitions, for tests.
enum Repository {
    /// The package root.
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func path(_ relative: String) -> String { root + "/" + relative }

    /// The shipped calendar.
    static let calendar: WorkingCalendar = {
        let (calendar, problems) = DefinitionFiles.calendar(at: path("config/calendar.yaml"))
        precondition(calendar != nil, "shipped calendar invalid: \(problems)")
        return calendar!
    }()

    /// The shipped organization.
    static let organization: Organization = DefinitionFiles.organization(at: path("config/org.yaml")).organization!

    /// The shipped workflows.
    static let workflows: [Workflow] = DefinitionFiles.workflows(
        in: [path("workflows")], organization: organization, standardDaySeconds: calendar.standardDaySeconds
    ).workflows

    static func workflow(_ code: String) -> Workflow {
        workflows.first { $0.procedure?.code == code }!
    }

    /// `yyyy-MM-ddTHH:mm` in Vietnam time.
    static func vn(_ text: String) -> Date {
        Timestamp.parse(text + ":00+07:00")!
    }
}
