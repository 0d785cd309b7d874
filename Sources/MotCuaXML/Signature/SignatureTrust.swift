/// How signatures are judged: against the certificate a package carries, and, when trust
/// anchors are configured, only if that certificate chains to one of them.
public struct SignatureTrust: Sendable, Equatable {
    /// PEM files of trusted certificates (the national CA's roots, or peers' certificates).
    /// Empty: a signature that verifies with the carried certificate is valid but untrusted.
    public var trustedCertificates: [String]

    /// Trust anchors from PEM paths.
    public init(trustedCertificates: [String] = []) { self.trustedCertificates = trustedCertificates }
}

/// The agency's signing material for outgoing packages: PEM paths from the configuration.
public struct SigningIdentity: Sendable, Equatable {
    /// Unencrypted PEM private key (RSA).
    public var keyPath: String
    /// PEM certificate of that key, sent in `KeyInfo/X509Data`.
    public var certificatePath: String

    /// An identity from its two files.
    public init(keyPath: String, certificatePath: String) {
        self.keyPath = keyPath
        self.certificatePath = certificatePath
    }
}

/// Why signing failed.
public struct SigningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong and what to check.
    public var message: String
    /// `message`.
    public var description: String { message }
}
