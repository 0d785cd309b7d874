import ArgumentParser
import Foundation
import MotCuaCore
import MotCuaDefinitions

/// Options naming the configuration files, shared by subcommands.
struct ConfigFiles: ParsableArguments {
    @Option(help: "Working-day calendar file.")
    var calendar: String = "config/calendar.yaml"

    @Option(help: "Organization file (agency and departments).")
    var org: String = "config/org.yaml"

    @Option(help: "Directory of workflow definitions.")
    var workflows: String = "workflows"

    var paths: DefinitionPaths { DefinitionPaths(calendar: calendar, org: org, workflows: workflows) }
    var workflowsDirectory: String { paths.workflowsDirectory }
    func loadCalendar() throws -> WorkingCalendar { try paths.loadCalendar() }
    func loadOrganization() throws -> Organization? { try paths.loadOrganization() }
    func loadWorkflows(calendar: WorkingCalendar) throws -> [Workflow] { try paths.loadWorkflows(calendar: calendar) }
}

/// Where the calendar, organization and workflow definitions are, and how to load them.
struct DefinitionPaths {
    var calendar: String
    var org: String
    var workflows: String

    var workflowsDirectory: String { workflows.hasSuffix("/") ? String(workflows.dropLast()) : workflows }

    /// The calendar; a missing default file falls back to the built-in Vietnamese rules.
    func loadCalendar() throws -> WorkingCalendar {
        if calendar == "config/calendar.yaml" && !FileManager.default.fileExists(atPath: calendar) {
            return WorkingCalendar()
        }
        let (loaded, problems) = DefinitionFiles.calendar(at: calendar)
        guard let loaded else { throw UserFailure(message: problems.map(\.description).joined(separator: "\n")) }
        return loaded
    }

    /// The organization, or `nil` when the default file is absent (departments then go unchecked).
    func loadOrganization() throws -> Organization? {
        if org == "config/org.yaml" && !FileManager.default.fileExists(atPath: org) { return nil }
        let (loaded, problems) = DefinitionFiles.organization(at: org)
        guard let loaded else { throw UserFailure(message: problems.map(\.description).joined(separator: "\n")) }
        return loaded
    }

    /// The valid procedure workflows; fails with every problem when any definition is invalid.
    func loadWorkflows(calendar: WorkingCalendar) throws -> [Workflow] {
        let (found, problems) = DefinitionFiles.workflows(in: [workflowsDirectory], organization: try loadOrganization(),
                                                          standardDaySeconds: calendar.standardDaySeconds)
        let errors = problems.filter { $0.severity == .error }
        if !errors.isEmpty {
            throw UserFailure(message: errors.map(\.description).joined(separator: "\n")
                + "\nfix the definitions (motcua validate \(workflowsDirectory)) and try again")
        }
        return found
    }
}
