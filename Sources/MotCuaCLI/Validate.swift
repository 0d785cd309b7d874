import ArgumentParser
import Foundation
import MotCuaCore
import MotCuaDefinitions

/// `motcua validate [PATH…]`: checks workflow definitions and prints every problem.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate workflow definitions (YAML); print every problem, exit 1 if any error.",
        discussion: "Problems print as file:line: severity: element: message — hint. Warnings alone exit 0 unless --strict."
    )

    @Argument(help: "Definition files or directories (default: workflows/).")
    var paths: [String] = []

    @OptionGroup var files: ConfigFiles

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(help: "Output format: text or json.")
    var format: ProblemFormat = .text

    func run() throws {
        let calendar = try files.loadCalendar()
        let organization = try files.loadOrganization()
        let targets = paths.isEmpty ? [files.workflowsDirectory] : paths
        // Templates may live beside the files being checked or in the shipped directory.
        var searched = targets
        if !paths.isEmpty && FileManager.default.fileExists(atPath: files.workflowsDirectory + "/templates") {
            searched.append(files.workflowsDirectory + "/templates")
        }
        let (documents, readProblems) = DefinitionFiles.documents(in: searched)
        let unique = Dictionary(documents.map { ("\($0.id)@\($0.version)|\($0.file)", $0) }, uniquingKeysWith: { a, _ in a })
        let deduplicated = documents.filter { unique["\($0.id)@\($0.version)|\($0.file)"] != nil }
            .reduce(into: [WorkflowDocument]()) { acc, doc in
                if !acc.contains(where: { $0.file == doc.file }) { acc.append(doc) }
            }
        let (workflows, compileProblems) = WorkflowCompiler.compile(deduplicated, organization: organization,
                                                                    standardDaySeconds: calendar.standardDaySeconds)
        let problems = readProblems + compileProblems
        let errors = problems.filter { $0.severity == .error || strict }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(problems), as: UTF8.self))
        case .text:
            for p in problems { Output.error(p.description) }
            let files = Set(deduplicated.map(\.file)).count
            let documents = workflows.filter { $0.caseKind != .dossier }.count
            print("\(files) file(s), \(workflows.count - documents) procedure workflow(s), \(documents) document workflow(s): \(errors.count) error(s), "
                + "\(problems.count - problems.filter { $0.severity == .error }.count) warning(s)")
        }
        if !errors.isEmpty { throw ExitCode(1) }
    }
}

/// How `validate` prints problems.
enum ProblemFormat: String, ExpressibleByArgument, CaseIterable { case text, json }
