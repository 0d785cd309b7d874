import Foundation
import MotCuaCore
import MotCuaStore

/// Turns a `POST …/actions` body into a `Command`.
enum ActionParser {
    static func parse(_ body: RequestBody, users: UserStore, now: Date) async throws -> Command {
        guard let action = try body.string("action", max: 64), !action.isEmpty else {
            throw APIError(.unprocessableContent, "missing_field", "'action' is required", details: ["field": "action"])
        }
        var items: [String]?
        if let list = try body.array("items", max: 100) {
            items = try list.enumerated().map { i, v in
                guard case let .string(s) = v else { throw body.wrongType("items[\(i)]", "a string") }
                guard s.count <= 500 else {
                    throw APIError(.unprocessableContent, "invalid_field", "'items[\(i)]' is longer than 500 characters",
                                   details: ["field": .string("items[\(i)]")])
                }
                return s
            }
        }
        var assignee: Assignee?
        var position: Owner?
        if let id = try body.string("assignee", max: 100) {
            guard let user = try await users.user(id: id) else {
                throw APIError(.unprocessableContent, "invalid_field", "no user '\(id)' to assign; GET /api/v1/users lists them",
                               details: ["field": "assignee"])
            }
            assignee = Assignee(id: user.id, name: user.name)
            position = Owner(role: user.role, department: user.department)
        }
        var newDueAt: Date?
        if let text = try body.string("newDueAt", max: 40) {
            guard let date = Timestamp.parse(text) else {
                throw APIError(.unprocessableContent, "invalid_field", "'newDueAt' must be ISO 8601 with a zone", details: ["field": "newDueAt"])
            }
            guard DateWindow.contains(date, around: now) else {
                throw APIError(.unprocessableContent, "invalid_field", "'newDueAt' is more than \(DateWindow.years) years from now",
                               details: ["field": "newDueAt"])
            }
            newDueAt = date
        }
        var command = Command(action: action, note: try body.string("note", max: 4000), reason: try body.string("reason", max: 4000),
                              items: items, assignee: assignee, assigneePosition: position, newDueAt: newDueAt)
        command.lead = try body.string("lead", max: 64)
        command.opinion = try body.string("opinion", max: 4000)
        if let text = try body.string("opinionDueAt", max: 40) {
            guard let date = Timestamp.parse(text), DateWindow.contains(date, around: now) else {
                throw APIError(.unprocessableContent, "invalid_field", "'opinionDueAt' must be ISO 8601 with a zone, within \(DateWindow.years) years",
                               details: ["field": "opinionDueAt"])
            }
            command.opinionDueAt = date
        }
        if let list = try body.array("cooperating", max: 50) {
            command.cooperating = try list.enumerated().map { i, v in
                guard case let .string(s) = v, s.count <= 64 else { throw body.wrongType("cooperating[\(i)]", "a department code") }
                return s
            }
        }
        return command
    }
}
