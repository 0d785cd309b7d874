import Crypto
public import Foundation
import HummingbirdBcrypt
public import MotCuaCore

/// How a sign-in attempt ended.
public enum SignInOutcome: Sendable, Equatable {
    /// The password is the user's: signed in.
    case accepted(User)
    /// Unknown username, wrong password, no password set or a deactivated user: the answer
    /// does not say which, and takes about as long either way.
    case refused
    /// Too many failures for this username lately; the password was not checked.
    case throttled(until: Date)
}

/// Why a new password is not accepted.
public enum PasswordError: Error, Equatable, CustomStringConvertible {
    /// Fewer characters than the minimum.
    case tooShort(minimum: Int)
    /// More UTF-8 bytes than bcrypt reads (it would silently ignore the rest).
    case tooLong(maximumBytes: Int)
    /// A control character (a pasted line break, a tab).
    case controlCharacter

    public var description: String {
        switch self {
        case let .tooShort(n): "the password must have at least \(n) characters"
        case let .tooLong(n): "the password must fit in \(n) bytes (about \(n / 2) Vietnamese letters with diacritics)"
        case .controlCharacter: "the password must not contain line breaks, tabs or other control characters"
        }
    }
}

extension UserStore {
    /// bcrypt's cost (2^12 rounds: about a quarter of a second on this class of machine).
    static let passwordCost: UInt8 = 12
    /// Shortest password accepted.
    public static let minimumPasswordLength = 8
    /// bcrypt reads at most 72 bytes of a password.
    public static let maximumPasswordBytes = 72

    /// Checks a new password against the rules (length, bcrypt's byte limit, no control characters).
    public static func validateNewPassword(_ password: String) throws {
        guard password.count >= minimumPasswordLength else { throw PasswordError.tooShort(minimum: minimumPasswordLength) }
        guard password.utf8.count <= maximumPasswordBytes else { throw PasswordError.tooLong(maximumBytes: maximumPasswordBytes) }
        guard !password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw PasswordError.controlCharacter
        }
    }

    /// A random password of 16 letters and digits without look-alikes (about 78 bits), for
    /// demo users and resets; independent of any token.
    public static func randomPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// Sets a user's password, stored as a bcrypt hash (computed off the cooperative pool,
    /// on at most half the cores).
    /// Returns whether the user exists.
    @discardableResult
    public func setPassword(_ password: String, for userID: String) async throws -> Bool {
        try Self.validateNewPassword(password)
        let stored = await Self.offPool { Bcrypt.hash(password, cost: Self.passwordCost) }
        return try await records.updatePasswordHash(stored, userID: userID)
    }

    /// Checks a username and password, under the throttle: a username with too many recent
    /// failures is refused without a check; a failure is recorded. A password stored by the
    /// older salted-SHA-256 scheme is accepted once and replaced by a bcrypt hash.
    public func signIn(username: String, password: String, at now: Date = Date(),
                       throttle: SignInThrottle = .standard) async throws -> SignInOutcome {
        // Nothing longer can be a username or a stored password: refused (and counted) at once.
        let plausible = username.utf8.count <= 64 && password.utf8.count <= Self.maximumPasswordBytes
        let since = now.addingTimeInterval(-throttle.window).timeIntervalSince1970
        let (row, failureTimes) = try await records.signInState(username: username, since: since, plausible: plausible)
        let failures = failureTimes.map(Date.init(timeIntervalSince1970:))
        if let until = throttle.lockedUntil(failures: failures, at: now) { return .throttled(until: until) }
        let stored: String? = row.flatMap { $0.active ? $0.passwordHash : nil }
        let matches = plausible ? await Self.offPool { Self.verify(password, against: stored) } : false
        guard matches, let row else {
            // Failures older than the window no longer count, for anyone: forgotten.
            try await records.recordFailure(username: username, at: now.timeIntervalSince1970, forgetBefore: since)
            return .refused
        }
        let user = row.user
        if let stored, !stored.hasPrefix("$2") { try await setPassword(password, for: user.id) }
        return .accepted(user)
    }

    /// Whether `password` matches a stored hash (bcrypt, or the older `sha256-10000$salt$hex`).
    /// Without a hash the same bcrypt work is done against a dummy one, so that an unknown
    /// username takes as long to refuse as a wrong password.
    static func verify(_ password: String, against stored: String?) -> Bool {
        guard let stored else {
            _ = Bcrypt.verify(password, hash: dummyHash)
            return false
        }
        if stored.hasPrefix("$2") { return Bcrypt.verify(password, hash: stored) }
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts[0] == "sha256-10000" else { return false }
        var digest = Data((parts[1] + password).utf8)
        for _ in 0..<10_000 { digest = Data(SHA256.hash(data: digest)) }
        // Constant-time comparison of the hex digests.
        let computed = Array(Hex.string(digest).utf8), expected = Array(parts[2].utf8)
        guard computed.count == expected.count else { return false }
        return zip(computed, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A bcrypt hash of a password nobody has, at the store's cost.
    private static let dummyHash = Bcrypt.hash(randomHex(16), cost: passwordCost)

    /// Runs CPU-heavy work (bcrypt) on a dispatch thread, not on Swift's cooperative pool,
    /// and on no more than half the cores (`PasswordWork`).
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await PasswordWork.shared.run(work)
    }
}
