import GRDB
import MotCuaCore

/// Officers' addresses from the users table, read inside the transaction that routes the
/// notifications (so a command and its messages see the same users).
struct UserDirectory: PeopleDirectory {
    let db: Database

    func email(ofUser id: String) -> String? {
        (try? String.fetchOne(db.cachedStatement(sql: "SELECT email FROM users WHERE id = ? AND email IS NOT NULL"), arguments: [id])) ?? nil
    }

    func emails(of owner: Owner) -> [String] {
        (try? String.fetchAll(db.cachedStatement(sql: """
            SELECT email FROM users WHERE role = ? AND (? IS NULL OR department = ?) AND email IS NOT NULL ORDER BY email
            """), arguments: [owner.role.rawValue, owner.department, owner.department])) ?? []
    }
}
