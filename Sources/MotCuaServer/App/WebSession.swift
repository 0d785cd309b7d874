public import Foundation

/// What a web console session holds: who signed in, and the token every form of the
/// session must carry (CSRF).
public struct WebSession: Codable, Sendable, Equatable {
    /// The signed-in user's id (the user is read again on each request: a deactivated user
    /// is out at once).
    public var userID: String
    /// The form token of this session.
    public var csrf: String
    /// When the user signed in.
    public var signedInAt: Date

    /// A session for `userID` with a form token.
    public init(userID: String, csrf: String, signedInAt: Date) {
        self.userID = userID
        self.csrf = csrf
        self.signedInAt = signedInAt
    }
}
