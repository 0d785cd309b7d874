import CLibXML2
import Foundation

/// xmlsec keys managers, kept and reused: creating one loads OpenSSL's default certificate
/// store (tens of milliseconds), far more than verifying a package. Each manager is used by
/// one verification at a time; the pool grows to the number of concurrent verifications.
/// Trust anchors are read when a manager is first made for a trust list (a changed file
/// takes a restart).
final class KeysManagerPool: @unchecked Sendable {
    static let shared = KeysManagerPool()

    private let lock = NSLock()
    private var free: [[String]: [xmlSecKeysMngrPtr]] = [:]

    /// Why a manager could not be made.
    enum Failure: Error {
        case library
        case trustAnchor(String)
    }

    /// Runs `body` with a manager for `trust`, returned to the pool afterwards.
    func with<T>(_ trust: SignatureTrust, _ body: (xmlSecKeysMngrPtr) -> T) -> Result<T, Failure> {
        let key = trust.trustedCertificates
        lock.lock()
        var manager = free[key]?.popLast()
        lock.unlock()
        if manager == nil {
            guard let made = mc_keys_manager() else { return .failure(.library) }
            for path in key where mc_trust_certificate(made, path) < 0 {
                xmlSecKeysMngrDestroy(made)
                return .failure(.trustAnchor(path))
            }
            manager = made
        }
        let result = body(manager!)
        lock.lock()
        free[key, default: []].append(manager!)
        lock.unlock()
        return .success(result)
    }
}
