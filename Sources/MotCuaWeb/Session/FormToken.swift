import Foundation

/// The tokens that every form carries against cross-site request forgery: one per
/// session once signed in; before that (the sign-in form itself) one in a cookie of its
/// own that the form must repeat.
enum FormToken {
    /// The cookie of the sign-in form's token.
    static let cookie = "motcua_form"
    /// The form field.
    static let field = "csrf"

    /// 32 random bytes, URL-safe Base64 without padding (cookie- and form-safe).
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Whether a submitted token equals the expected one (in constant time for equal lengths).
    static func matches(_ submitted: String?, _ expected: String?) -> Bool {
        guard let submitted, let expected, !expected.isEmpty else { return false }
        let a = Array(submitted.utf8), b = Array(expected.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
