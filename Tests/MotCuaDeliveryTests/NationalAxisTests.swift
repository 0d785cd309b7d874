import Foundation
import AxisStandIn
import MotCuaDelivery
import Testing

/// The axis client against the stand-in axis (`Tests/integration/axis_stub.py`), a real HTTP
/// server on 127.0.0.1 that checks every signed header as the SDK defines them.
@Suite("National document axis client")
struct NationalAxisTests {
    typealias StandIn = AxisStandIn

    static let a = "000.00.32.H58", b = "000.00.33.H58"

    private func client(_ axis: StandIn, organ: String, system: String, secret: String) -> NationalAxis {
        NationalAxis(baseURL: axis.url, organId: organ, signer: AxisHeaderSigner(systemId: system, secret: secret),
                     poster: HTTPPoster(workers: 2), timeoutMilliseconds: 5000)
    }

    @Test("A sends to B; B lists, fetches the same bytes and acknowledges; the directory lists both")
    func roundTrip() async throws {
        let axis = try StandIn(agencies: ["\(Self.a)=sys-a:secret-a-1234:Sở Khoa học", "\(Self.b)=sys-b:secret-b-5678:Sở Tài chính"])
        let sender = client(axis, organ: Self.a, system: "sys-a", secret: "secret-a-1234")
        let receiver = client(axis, organ: Self.b, system: "sys-b", secret: "secret-b-5678")
        let package = Array("<edXML>gói tin văn bản \u{1F4C4}</edXML>".utf8) + (0..<300_000).map { UInt8(truncatingIfNeeded: $0) }
        let id = try await sender.send(package, kind: .edoc, to: [Self.b])
        #expect(!id.isEmpty)
        let waiting = try await receiver.received()
        #expect(waiting == [AxisMessage(docId: id, messageType: "edoc", from: Self.a, status: "pending",
                                        createdTime: waiting.first?.createdTime)])
        #expect(try await receiver.fetch(id) == package)
        try await receiver.acknowledge(id, .done)
        #expect(try await receiver.received().isEmpty)
        #expect(try await sender.received().isEmpty)
        let agencies = try await receiver.agencies()
        #expect(agencies.map(\.code) == [Self.a, Self.b])
        #expect(agencies.first?.name == "Sở Khoa học")
        let state = try await axis.state()
        #expect((state["refused"] as? [Any])?.isEmpty == true)
        #expect((state["acks"] as? [[String: Any]])?.first?["status"] as? String == "done")
        // The secret itself never travels.
        let seen = try #require(state["headers_seen"] as? [[String: String]])
        #expect(seen.count == 7)
        #expect(!seen.contains { $0.values.contains { $0.contains("secret-a-1234") || $0.contains("secret-b-5678") } })
        #expect(seen.allSatisfy { $0["xroadvnpt-systemid"] != nil && $0["xroadvnpt-hash-header"]?.count == 64 })
        #expect(!"\(AxisHeaderSigner(systemId: "sys-a", secret: "secret-a-1234"))".contains("secret-a-1234"))
    }

    @Test("a wrong secret, an unknown system and a stale clock are refused by the axis, not retried")
    func refused() async throws {
        let axis = try StandIn(agencies: ["\(Self.a)=sys-a:right", "\(Self.b)=sys-b:other"])
        for wrong in [client(axis, organ: Self.a, system: "sys-a", secret: "wrong"),
                      client(axis, organ: Self.a, system: "sys-x", secret: "right"),
                      NationalAxis(baseURL: axis.url, organId: Self.a, signer: AxisHeaderSigner(systemId: "sys-a", secret: "right"),
                                   poster: HTTPPoster(workers: 1), clock: { Date().addingTimeInterval(-3600) })] {
            do {
                _ = try await wrong.send([1, 2, 3], kind: .edoc, to: [Self.b])
                Issue.record("a badly signed call was accepted")
            } catch {
                #expect(error.message.hasPrefix("HTTP 401"))
                #expect(!error.retryable)
            }
        }
        let state = try await axis.state()
        #expect((state["refused"] as? [[String: Any]])?.map { $0["why"] as? String } ==
                ["hash-header does not match", "unknown systemid", "timestamp outside five minutes"])
        #expect((state["messages"] as? [Any])?.isEmpty == true)
        // An axis-level refusal (unknown recipient) is an error with its description.
        do {
            _ = try await client(axis, organ: Self.a, system: "sys-a", secret: "right").send([1], kind: .status, to: ["999.99.99.X99"])
            Issue.record("an unknown recipient was accepted")
        } catch {
            #expect(error.message.contains("unknown or missing recipient"))
        }
    }

    @Test("an axis that is down is a retryable error")
    func down() async throws {
        let closed = NationalAxis(baseURL: "http://127.0.0.1:9", organId: Self.a, signer: AxisHeaderSigner(systemId: "s", secret: "k"),
                                  poster: HTTPPoster(workers: 1), timeoutMilliseconds: 2000)
        do {
            _ = try await closed.received()
            Issue.record("no error from a closed port")
        } catch {
            #expect(error.retryable)
            #expect(error.call == "getReceivedEdocList")
        }
    }
}
