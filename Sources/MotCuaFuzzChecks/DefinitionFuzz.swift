public import Foundation
import MotCuaCore
import MotCuaDefinitions

/// Feeds one input, as text, to every loader of definitions and configuration: workflow
/// document (compiled with the shipped template and organization when it decodes),
/// calendar (then used for a year of holidays and a due date), organization, routes and
/// settings. Each must answer with values or problems; a trap is the bug the fuzzer finds.
public struct DefinitionFuzz: Sendable {
    let template: WorkflowDocument?
    let organization: Organization?

    /// Loads the shipped template and organization from the project folder `root`.
    public init(root: String) {
        let templatePath = root + "/workflows/templates/one-stop.yaml"
        template = (try? String(contentsOfFile: templatePath, encoding: .utf8)).flatMap {
            WorkflowDocument.decode(yaml: $0, file: templatePath).document
        }
        organization = DefinitionFiles.organization(at: root + "/config/org.yaml").organization
    }

    /// Runs every loader over `bytes`; returns how many produced a value (for the corpus
    /// statistics), never traps on its own.
    @discardableResult
    public func check(_ bytes: [UInt8]) -> Int {
        guard bytes.count <= DefinitionFiles.maxFileBytes, let text = String(validating: bytes, as: UTF8.self) else { return 0 }
        var produced = 0
        if let doc = WorkflowDocument.decode(yaml: text, file: "fuzz.yaml").document {
            produced += 1
            let (workflows, _) = WorkflowCompiler.compile([template, doc].compactMap { $0 }, organization: organization)
            produced += workflows.count
        }
        if let calendar = WorkingCalendar.decode(yaml: text, file: "fuzz.yaml").calendar {
            produced += 1
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            _ = calendar.holidays(in: 2030)
            _ = calendar.due(from: start, deadline: Deadline(value: 15, unit: .workingDays))
            _ = calendar.due(from: start, deadline: Deadline(value: 30, unit: .calendarDays))
        }
        if Organization.decode(yaml: text, file: "fuzz.yaml").organization != nil { produced += 1 }
        if ClericalRules.decode(yaml: text, file: "fuzz.yaml").rules != nil { produced += 1 }
        if NotificationRoute.decodeAll(yaml: text, file: "fuzz.yaml").routes != nil { produced += 1 }
        if let settings = try? Settings.parse(yaml: text, file: "fuzz.yaml") {
            produced += 1
            _ = try? settings.int("server.port", default: 8080)
        }
        return produced
    }
}
