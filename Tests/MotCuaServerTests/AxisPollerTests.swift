import AxisStandIn
import Foundation
import Logging
import MotCuaCore
import MotCuaDefinitions
import MotCuaDelivery
import MotCuaServer
import MotCuaStore
import MotCuaXML
import Testing

/// The axis poller and the edXML status channel against the stand-in axis
/// (`Tests/integration/axis_stub.py`, a real HTTP server checking every signed header):
/// another agency sends packages; ours takes in the good one once, however often the axis
/// offers it, refuses the tampered and the unreadable ones, and answers through the axis
/// with signed status packages the sender can read.
@Suite("Axis poller", .serialized)
struct AxisPollerTests {
    typealias StandIn = AxisStandIn

    static let sender = APIDocumentTests.sender.organId, us = APIDocumentTests.us.organId

    static func client(_ axis: StandIn, organ: String, system: String, secret: String) -> NationalAxis {
        NationalAxis(baseURL: axis.url, organId: organ, signer: AxisHeaderSigner(systemId: system, secret: secret),
                     poster: HTTPPoster(workers: 2), timeoutMilliseconds: 5000)
    }

    /// The stand-in axis with the sender and us on it, and each one's client.
    static func axis() throws -> (StandIn, theirs: NationalAxis, ours: NationalAxis) {
        let axis = try StandIn(agencies: ["\(sender)=sys-stc:secret-stc-1234:Sở Tài chính", "\(us)=sys-khcn:secret-khcn-5678:Sở KHCN"])
        return (axis, client(axis, organ: sender, system: "sys-stc", secret: "secret-stc-1234"),
                client(axis, organ: us, system: "sys-khcn", secret: "secret-khcn-5678"))
    }

    /// Our agency with the shipped routes on the edXML channel.
    static func system() async throws -> TestSystem {
        let organization = DefinitionFiles.organization(at: TestSystem.root + "/config/org.yaml").organization!
        let routes = NotificationRoute.decodeAll(yaml: try String(contentsOfFile: TestSystem.root + "/config/routes.yaml", encoding: .utf8),
                                                 file: "routes.yaml").routes!
        return try await TestSystem(router: NotificationRouter(routes: routes, enabledChannels: [.edxml], organization: organization,
                                                               organ: APIDocumentTests.us))
    }

    @Test("one case per package however often offered; tampered and unreadable ones fail with 02; a recall destroys the content (15) or is refused (16); statuses go back signed, in order")
    func poll() async throws {
        let (axis, theirs, ours) = try Self.axis()
        var system = try await Self.system()
        defer { system.cleanUp() }
        let senderKey = try await APIDocumentTests.identity(system.directory)
        let ourDir = system.directory.appendingPathComponent("ours")
        try FileManager.default.createDirectory(at: ourDir, withIntermediateDirectories: true)
        let ourKey = try await APIDocumentTests.identity(ourDir)
        let rules = DefinitionFiles.clericalRules(at: TestSystem.root + "/config/documents.yaml").rules!
        system.env.documents = DocumentDesk(rules: rules, trust: SignatureTrust(trustedCertificates: [senderKey.certificatePath]),
                                            organ: APIDocumentTests.us)
        let good = try XMLSignature.sign(APIDocumentTests.package(number: "21"), identity: senderKey)
        var changed = try XMLSignature.sign(APIDocumentTests.package(number: "22"), identity: senderKey)
        let at = try #require(changed.firstRange(of: Array("báo cáo".utf8)))
        changed[at.lowerBound] = UInt8(ascii: "B")
        let goodID = try await theirs.send(good, kind: .edoc, to: [Self.us])
        let tamperedID = try await theirs.send(changed, kind: .edoc, to: [Self.us])
        let junkID = try await theirs.send(Array("<not edXML".utf8), kind: .edoc, to: [Self.us])

        let poller = AxisPollerService(env: system.env, axis: ours, interval: .seconds(3600), logger: Logger(label: "test"))
        // The directory: both agencies as the axis lists them; the same list again changes nothing.
        #expect(await poller.syncDirectory() == 2)
        let directory = try await system.env.dossiers.agencies()
        #expect(directory.map(\.code) == [Self.us, Self.sender])  // by code
        #expect(directory.first { $0.code == Self.sender }?.name == "Sở Tài chính")
        #expect(await poller.syncDirectory() == 0)
        let first = await poller.poll()
        #expect(first == AxisPollerService.Round(registered: 1, again: 0, refused: 2, deferred: 0))
        // The axis offers the good one again (a lost acknowledgement): the same case, acknowledged again.
        _ = try await axis.debug("/debug/redeliver?docId=\(goodID)&to=\(Self.us)")
        #expect(await poller.poll() == AxisPollerService.Round(registered: 0, again: 1, refused: 0, deferred: 0))
        #expect(await poller.poll() == AxisPollerService.Round())
        // The sender recalls number 21; and a document this agency never received.
        let recallID = try await theirs.send(try XMLSignature.sign(APIDocumentTests.package(number: "21", recall: "Ban hành nhầm"), identity: senderKey),
                                             kind: .edoc, to: [Self.us])
        _ = try await theirs.send(try XMLSignature.sign(APIDocumentTests.package(number: "99", recall: "Nhầm"), identity: senderKey),
                                  kind: .edoc, to: [Self.us])
        #expect(await poller.poll() == AxisPollerService.Round(recalls: 2))
        // The same recall offered again changes nothing and answers nothing new.
        _ = try await axis.debug("/debug/redeliver?docId=\(recallID)&to=\(Self.us)")
        #expect(await poller.poll() == AxisPollerService.Round(recalls: 1))
        let cases = try await system.env.dossiers.list(.init(), limit: 10, after: nil).items
        #expect(cases.count == 1)
        #expect(cases.first?.document?.header.codeNumber == "21")
        #expect(cases.first?.document?.source == .axis)
        #expect(cases.first?.state == "recalled" && cases.first?.document?.contentDestroyed == true)
        #expect(try await system.store.documentFiles(cases[0].code).isEmpty)
        #expect(cases.first?.document?.registerNumber == 1)
        let acks = (try await axis.debug("/debug/state")["acks"] as? [[String: Any]] ?? []).map { "\($0["docId"]!)=\($0["status"]!)" }
        #expect(Array(acks.prefix(4)) == ["\(goodID)=done", "\(tamperedID)=fail", "\(junkID)=fail", "\(goodID)=done"])
        #expect(acks.count == 7 && acks.suffix(3).allSatisfy { $0.hasSuffix("=done") })

        // The outbox holds 01 for the good one and 02 for the tampered one (whose header was
        // readable); the dispatcher signs them and sends them through the axis to the sender.
        var settings = DeliverySettings(portalURL: nil, signer: nil)
        settings.axis = ours
        settings.signingIdentity = ourKey
        settings.pollInterval = .milliseconds(20)
        let dispatcher = DeliveryDispatcher(store: system.env.dossiers, poster: HTTPPoster(workers: 1), settings: settings,
                                            logger: Logger(label: "test"), now: system.env.now)
        let running = Task { try await dispatcher.run() }
        var answers: [AxisMessage] = []
        var recorded: [OutboxStatus] = []
        let allDelivered = [OutboxStatus](repeating: .delivered, count: 5)
        for _ in 0..<250 where answers.count < 5 || recorded != allDelivered {
            try await Task.sleep(for: .milliseconds(20))
            answers = try await theirs.received().filter { $0.messageType == "status" }
            recorded = try await system.env.dossiers.outbox(status: nil).map(\.status)
        }
        running.cancel()
        #expect(recorded == allDelivered)
        #expect(answers.count == 5)
        var codes: [String] = []
        for answer in answers {
            let bytes = try await theirs.fetch(answer.docId)
            let reading = try EdXMLReader.read(bytes, trust: SignatureTrust(trustedCertificates: [ourKey.certificatePath]))
            guard case let .status(status) = reading.package else {
                Issue.record("not a status package")
                continue
            }
            #expect(reading.firstError == nil)
            #expect(status.from.organId == Self.us)
            codes.append("\(status.responseFor.code) \(status.statusCode)")
            if status.statusCode == "02" { #expect(status.description?.contains("Chữ ký số không hợp lệ") == true) }
        }
        // Per document in the order of its events: 01 before 03.
        #expect(codes.filter { $0.hasPrefix("21/") } == ["21/STC-NS 01", "21/STC-NS 03", "21/STC-NS 15"])
        #expect(codes.filter { $0.hasPrefix("22/") } == ["22/STC-NS 02"])
        #expect(codes.filter { $0.hasPrefix("99/") } == ["99/STC-NS 16"])
    }

    @Test("updates and replacements from the axis: one takes its original's place (15 queued for the original); one naming nothing here is answered 16 and acknowledged done")
    func supersession() async throws {
        let (axis, theirs, ours) = try Self.axis()
        var system = try await Self.system()
        defer { system.cleanUp() }
        let senderKey = try await APIDocumentTests.identity(system.directory)
        let rules = DefinitionFiles.clericalRules(at: TestSystem.root + "/config/documents.yaml").rules!
        system.env.documents = DocumentDesk(rules: rules, trust: SignatureTrust(trustedCertificates: [senderKey.certificatePath]),
                                            organ: APIDocumentTests.us)
        let poller = AxisPollerService(env: system.env, axis: ours, interval: .seconds(3600), logger: Logger(label: "test"))
        _ = try await theirs.send(try XMLSignature.sign(APIDocumentTests.package(number: "31"), identity: senderKey), kind: .edoc, to: [Self.us])
        #expect(await poller.poll() == AxisPollerService.Round(registered: 1))
        let replacement = try XMLSignature.sign(APIDocumentTests.package(number: "32", supersedes: ("000.00.32.H58,2027/03/01,31/STC-NS", .replacement)),
                                                identity: senderKey)
        let stray = try XMLSignature.sign(APIDocumentTests.package(number: "33", supersedes: ("000.00.32.H58,2026/01/01,1/STC-NS", .update)),
                                          identity: senderKey)
        let replacementID = try await theirs.send(replacement, kind: .edoc, to: [Self.us])
        let strayID = try await theirs.send(stray, kind: .edoc, to: [Self.us])
        #expect(await poller.poll() == AxisPollerService.Round(registered: 1, refused: 1))
        let cases = try await system.env.dossiers.list(.init(), limit: 10, after: nil).items
        #expect(cases.count == 2)
        let original = try #require(cases.first { $0.document?.header.codeNumber == "31" })
        let newer = try #require(cases.first { $0.document?.header.codeNumber == "32" })
        #expect(original.state == "replaced" && original.document?.supersededBy == newer.code)
        #expect(newer.document?.supersedes == original.code && newer.state == "registered")
        let acks = (try await axis.debug("/debug/state")["acks"] as? [[String: Any]] ?? []).map { "\($0["docId"]!)=\($0["status"]!)" }
        #expect(acks.contains("\(replacementID)=done") && acks.contains("\(strayID)=done"))
        let due = try await system.store.dueMessages(at: Date().addingTimeInterval(86_400 * 3650), limit: 100, busy: [], channels: [.edxml])
        let queued = due.compactMap { row -> String? in
            guard let status = try? JSONDecoder().decode(EdXMLStatus.self, from: Data(row.payload.utf8)) else { return nil }
            return "\(status.responseFor.code) \(status.statusCode)"
        }
        // Each case's first message is due now (the rest wait behind it, in order): 16 for the stray one.
        #expect(queued.contains("33/STC-NS 16"), "\(queued)")
        #expect(try await system.env.dossiers.events(original.code).map { $0.event.edxmlStatus } == ["01", "03", "15"])
        #expect(try await system.env.dossiers.events(newer.code).map { $0.event.edxmlStatus } == ["01", "03"])
        #expect(try await system.env.dossiers.outbox(dossier: original.code).count == 3)
    }
}
