import Foundation
import MotCuaCore
import Testing

/// Five failures within fifteen minutes lock a username until the window passes.
@Suite("Sign-in throttle")
struct SignInThrottleTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    let throttle = SignInThrottle.standard

    func minutes(_ m: Double) -> Date { t0.addingTimeInterval(m * 60) }

    @Test("four failures leave the username open; the fifth locks it until the oldest leaves the window")
    func fifthLocks() {
        let four = [0.0, 1, 2, 3].map(minutes)
        #expect(throttle.lockedUntil(failures: four, at: minutes(4)) == nil)
        let five = four + [minutes(4)]
        #expect(throttle.lockedUntil(failures: five, at: minutes(4)) == minutes(15))
        #expect(throttle.lockedUntil(failures: five, at: minutes(14.99)) == minutes(15))
        #expect(throttle.lockedUntil(failures: five, at: minutes(15)) == nil)
    }

    @Test("failures older than the window do not count, in whatever order they come")
    func oldFailuresForgotten() {
        let failures = [minutes(20), minutes(0), minutes(21), minutes(1), minutes(22), minutes(2)]
        // At 22 min only 20, 21, 22 are within the window (0, 1, 2 are 20+ minutes old).
        #expect(throttle.lockedUntil(failures: failures, at: minutes(22)) == nil)
        #expect(throttle.relevant(failures, at: minutes(22)).sorted() == [minutes(20), minutes(21), minutes(22)])
    }

    @Test("with more failures than the limit the lock lasts until the limit-th most recent leaves")
    func moreThanLimit() {
        let seven = (0..<7).map { minutes(Double($0)) }
        // The 5th most recent of 0…6 is 2: locked until 17.
        #expect(throttle.lockedUntil(failures: seven, at: minutes(6)) == minutes(17))
        // Failures in the future (a clock step back) are not counted against the user.
        #expect(throttle.lockedUntil(failures: [minutes(30)] + (0..<4).map { minutes(Double($0)) }, at: minutes(5)) == nil)
    }
}
