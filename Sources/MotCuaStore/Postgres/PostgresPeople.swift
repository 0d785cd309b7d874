import MotCuaCore
import PostgresNIO

/// Officers' addresses read from the users table before a command's notifications are
/// routed (the router asks synchronously; PostgreSQL answers asynchronously, so the few
/// rows with an address are read first): once per batch of openings, at most once a
/// second for actions (`PeopleCache`).
struct PostgresPeople: PeopleDirectory, Sendable {
    struct Person: Sendable { let id: String, role: String, department: String?, email: String }
    let people: [Person]

    static func load(_ connection: PostgresConnection, logger: Logger) async throws -> PostgresPeople {
        let rows = try await connection.rows("SELECT id, role, department, email FROM users WHERE email IS NOT NULL ORDER BY email",
                                             logger: logger)
        return PostgresPeople(people: try rows.map {
            Person(id: try $0.value("id"), role: try $0.value("role"), department: try $0.optional("department"), email: try $0.value("email"))
        })
    }

    func email(ofUser id: String) -> String? { people.first { $0.id == id }?.email }

    func emails(of owner: Owner) -> [String] {
        people.filter { $0.role == owner.role.rawValue && (owner.department == nil || $0.department == owner.department) }.map(\.email)
    }
}
