import Foundation
@testable import MotCuaCore
import Testing

/// The JSON Schema editors use must accept exactly the keys the loader accepts.
@Suite("workflows/schema.json")
struct SchemaTests {
    static var schema: [String: Any] {
        let data = FileManager.default.contents(atPath: Repository.path("workflows/schema.json"))!
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    static func keys(_ object: Any?) -> Set<String> {
        Set(((object as? [String: Any])?["properties"] as? [String: Any])?.keys.map { $0 } ?? [])
    }

    static var defs: [String: Any] { schema["$defs"] as! [String: Any] }

    @Test("top-level keys match the loader")
    func topLevel() { #expect(Self.keys(Self.schema) == Set(WorkflowDocument.topKeys)) }

    @Test("state keys match the loader")
    func states() { #expect(Self.keys(Self.defs["stateAttributes"]) == Set(WorkflowDocument.stateKeys)) }

    @Test("transition keys match the loader")
    func transitions() { #expect(Self.keys(Self.defs["transition"]) == Set(WorkflowDocument.transitionKeys)) }

    @Test("procedure keys match the loader")
    func procedure() { #expect(Self.keys(Self.defs["procedure"]) == Set(WorkflowDocument.procedureKeys)) }

    @Test("roles, fields, clock modes and milestones match the model")
    func enums() {
        func values(_ def: String, _ property: String? = nil) -> Set<String> {
            var node = Self.defs[def] as? [String: Any]
            if let property { node = (node?["properties"] as? [String: Any])?[property] as? [String: Any] }
            return Set(node?["enum"] as? [String] ?? [])
        }
        #expect(values("role") == Set(Role.allCases.map(\.rawValue)))
        #expect(values("field") == Set(ActionField.allCases.map(\.rawValue)))
        #expect(values("stateAttributes", "clock") == Set(ClockMode.allCases.map(\.rawValue)))
        #expect(values("stateAttributes", "milestone") == Set(Milestone.allCases.map(\.rawValue)))
    }
}
