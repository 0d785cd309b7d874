public import MotCuaCore

/// A person (or system client) who uses the API.
public struct User: Sendable, Hashable, Codable {
    /// Stable id.
    public var id: String
    /// Login name.
    public var username: String
    /// Display name.
    public var name: String
    /// Role.
    public var role: Role
    /// Department (`nil` for agency-wide roles).
    public var department: String?
    /// E-mail address for assignment and deadline notices.
    public var email: String?

    /// A user.
    public init(id: String, username: String, name: String, role: Role, department: String?, email: String? = nil) {
        self.id = id
        self.username = username
        self.name = name
        self.role = role
        self.department = department
        self.email = email
    }

    /// The user as the engine sees an actor.
    public var actor: Actor { Actor(id: id, name: name, role: role, department: department) }
}
