import AxisStandIn
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MotCuaCore
import MotCuaDefinitions
import MotCuaDelivery
import MotCuaServer
import MotCuaStore
import MotCuaXML
import Testing

/// Two agencies, each with its own database, router, poller and dispatcher, exchanging
/// through the stand-in axis over real HTTP: A drafts, signs, numbers and issues a document
/// to B; B takes it in and registers it (01, 03 back to A); B's director instructs, its
/// head assigns, its specialist finishes (04, 05, 06 back); A sees each status per recipient.
@Suite("Two agencies through the axis", .serialized)
struct TwoAgencyTests {
    static let a = EdXMLOrgan(organId: "000.00.01.H22", organName: "Sở Khoa học và Công nghệ")
    static let b = EdXMLOrgan(organId: "000.00.02.H22", organName: "Sở Tài chính")
    static let attachment = Data("%PDF-1.4\nDự toán kinh phí năm 2027\n".utf8)

    struct Agency {
        var system: TestSystem
        let axis: NationalAxis
        let poller: AxisPollerService
        let dispatcher: DeliveryDispatcher
    }

    static func agency(_ organ: EdXMLOrgan, system id: String, secret: String, stub: AxisStandIn, key: SigningIdentity,
                       trusting: String) async throws -> Agency {
        let organization = DefinitionFiles.organization(at: TestSystem.root + "/config/org.yaml").organization!
        let routes = NotificationRoute.decodeAll(yaml: try String(contentsOfFile: TestSystem.root + "/config/routes.yaml", encoding: .utf8),
                                                 file: "routes.yaml").routes!
        var system = try await TestSystem(router: NotificationRouter(routes: routes, enabledChannels: [.edxml], organization: organization,
                                                                     organ: organ))
        let rules = DefinitionFiles.clericalRules(at: TestSystem.root + "/config/documents.yaml").rules!
        system.env.documents = DocumentDesk(rules: rules, trust: SignatureTrust(trustedCertificates: [trusting]), organ: organ)
        let axis = NationalAxis(baseURL: stub.url, organId: organ.organId, signer: AxisHeaderSigner(systemId: id, secret: secret),
                                poster: HTTPPoster(workers: 2), timeoutMilliseconds: 5000)
        var settings = DeliverySettings(portalURL: nil, signer: nil)
        settings.axis = axis
        settings.signingIdentity = key
        settings.pollInterval = .milliseconds(20)
        return Agency(system: system, axis: axis,
                      poller: AxisPollerService(env: system.env, axis: axis, interval: .seconds(3600), logger: Logger(label: "poller")),
                      dispatcher: DeliveryDispatcher(store: system.env.dossiers, poster: HTTPPoster(workers: 1), settings: settings,
                                                     logger: Logger(label: "dispatcher"), now: system.env.now))
    }

    /// Runs both dispatchers until `done` holds (or five seconds pass).
    static func deliver(_ agencies: [Agency], until done: () async throws -> Bool) async throws -> Bool {
        let running = agencies.map { agency in Task { try await agency.dispatcher.run() } }
        defer { running.forEach { $0.cancel() } }
        for _ in 0..<250 {
            if try await done() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await done()
    }

    @Test("A issues to B; B registers and handles it; A sees 01, 03, 04, 05, 06 from B; A recalls another, B destroys it, A sees 15")
    func exchange() async throws {
        let stub = try AxisStandIn(agencies: ["\(Self.a.organId)=sys-a:secret-a-1234:\(Self.a.organName!)",
                                              "\(Self.b.organId)=sys-b:secret-b-5678:\(Self.b.organName!)"])
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-two-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("b"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let keyA = try await APIDocumentTests.identity(scratch)
        let keyB = try await APIDocumentTests.identity(scratch.appendingPathComponent("b"))
        let a = try await Self.agency(Self.a, system: "sys-a", secret: "secret-a-1234", stub: stub, key: keyA, trusting: keyB.certificatePath)
        let b = try await Self.agency(Self.b, system: "sys-b", secret: "secret-b-5678", stub: stub, key: keyB, trusting: keyA.certificatePath)
        defer { a.system.cleanUp(); b.system.cleanUp() }
        #expect(await a.poller.syncDirectory() == 2)

        // A: drafted, reviewed, signed, numbered.
        try await a.system.application.test(.router) { client in
            let draft = try await client.call(.post, "/api/v1/documents/drafts", token: a.system.tokens["specialistQLKH"], json: """
                {"type": "CV", "subject": "Về việc phối hợp thẩm định dự toán", "content": "Kính gửi Sở Tài chính", "recipients": ["\(Self.b.organId)"],
                 "attachments": [{"name": "Dự toán 2027.pdf", "contentType": "application/pdf", "content": "\(Self.attachment.base64EncodedString())"}]}
                """)
            let code = try #require(draft["code"] as? String, "\(draft.text)")
            for (who, action) in [("specialistQLKH", "submit"), ("headQLKH", "approve"), ("director", "sign"), ("clerkVP", "number")] {
                let reply = try await client.call(.post, "/api/v1/dossiers/\(code)/actions", token: a.system.tokens[who], json: "{\"action\": \"\(action)\"}")
                #expect(reply.status == .ok, "\(action): \(reply.text)")
            }
        }
        let code = try #require(try await a.system.env.dossiers.list(.init(), limit: 1, after: nil).items.first?.code)
        // The signed package reaches the axis; B takes it in, registered on arrival.
        #expect(try await Self.deliver([a]) { try await !b.axis.received().isEmpty })
        #expect(await b.poller.poll() == AxisPollerService.Round(registered: 1))
        let received = try #require(try await b.system.env.dossiers.list(.init(), limit: 10, after: nil).items.first)
        #expect(received.state == "registered" && received.document?.header.numberAndNotation == "01/SKHCN-QLKH")
        #expect(received.document?.header.from.organId == Self.a.organId)
        if case .valid(_, true)? = received.document?.signature {} else {
            Issue.record("A's signature is not valid and trusted at B: \(String(describing: received.document?.signature))")
        }
        #expect(received.document?.header.signerFullName == "Người dùng director")
        // The drafter's attachment arrives under its own name, byte for byte.
        #expect(received.document?.attachments.map(\.name) == ["Dự toán 2027.pdf"])
        let arrived = try await b.system.store.documentFiles(received.code).first { $0.name.hasSuffix("Dự toán 2027.pdf") }
        #expect(arrived?.bytes == Self.attachment && arrived?.contentType == "application/pdf")

        // B: instructed, assigned, finished through its API.
        try await b.system.application.test(.router) { client in
            let steps: [(String, String)] = [
                ("director", #"{"action": "instruct", "lead": "QLKH", "note": "Phòng QLKH chủ trì"}"#),
                ("headQLKH", "{\"action\": \"assign\", \"assignee\": \"\(b.system.userIDs["specialistQLKH"]!)\"}"),
                ("specialistQLKH", #"{"action": "finish", "note": "Đã thẩm định"}"#),
            ]
            for (who, json) in steps {
                let reply = try await client.call(.post, "/api/v1/dossiers/\(received.code)/actions", token: b.system.tokens[who], json: json)
                #expect(reply.status == .ok, "\(json): \(reply.text)")
            }
        }
        // B's answers (01, 03, 04, 05, 06) reach A, which records each for its recipient.
        var recorded: [String] = []
        #expect(try await Self.deliver([b]) {
            _ = await a.poller.poll()
            recorded = try await a.system.env.dossiers.events(code).compactMap { $0.event.answer?.code }
            return recorded.count >= 5
        })
        #expect(recorded == ["01", "03", "04", "05", "06"])
        let issued = try #require(try await a.system.env.dossiers.dossier(code))
        #expect(issued.document?.answers[Self.b.organId]?.code == "06")
        try await a.system.application.test(.router) { client in
            let view = try await client.call(.get, "/api/v1/dossiers/\(code)", token: a.system.tokens["clerkVP"])
            let recipients = (view["document"] as? [String: Any])?["recipients"] as? [[String: Any]]
            #expect(recipients?.first?["organId"] as? String == Self.b.organId)
            #expect(recipients?.first?["status"] as? String == "06" && recipients?.first?["statusLabel"] as? String == "Hoàn thành")
            // A's outgoing register: the Decree's columns for an outgoing book.
            let book = try await client.call(.get, "/api/v1/registers/di", token: a.system.tokens["clerkVP"])
            let line = try #require((book["lines"] as? [[String: Any]])?.first, "\(book.text)")
            #expect(book["direction"] as? String == "outgoing" && line["number"] as? Int == 1)
            #expect(line["numberAndNotation"] as? String == "01/SKHCN-QLKH" && line["recipients"] as? String == Self.b.organName)
            #expect(line["signer"] as? String == "Lãnh đạo Sở Người dùng director" && line["copies"] as? Int == 3)
            #expect(line["typeAndSubject"] as? String == "Công văn — Về việc phối hợp thẩm định dự toán" && line["code"] as? String == code)
        }
        // A issues a second document, then recalls it: B destroys its copy's content and
        // answers 15, which A records for B.
        try await a.system.application.test(.router) { client in
            let draft = try await client.call(.post, "/api/v1/documents/drafts", token: a.system.tokens["specialistQLKH"],
                                              json: "{\"type\": \"CV\", \"subject\": \"Về việc ban hành nhầm\", \"recipients\": [\"\(Self.b.organId)\"]}")
            let second = try #require(draft["code"] as? String)
            for (who, action) in [("specialistQLKH", "submit"), ("headQLKH", "approve"), ("director", "sign"), ("clerkVP", "number")] {
                _ = try await client.call(.post, "/api/v1/dossiers/\(second)/actions", token: a.system.tokens[who], json: "{\"action\": \"\(action)\"}")
            }
        }
        let second = try #require(try await a.system.env.dossiers.list(.init(), limit: 5, after: nil).items.first { $0.code != code }?.code)
        #expect(try await Self.deliver([a]) { try await !b.axis.received().isEmpty })
        #expect(await b.poller.poll() == AxisPollerService.Round(registered: 1))
        try await a.system.application.test(.router) { client in
            let recalled = try await client.call(.post, "/api/v1/dossiers/\(second)/actions", token: a.system.tokens["director"],
                                                 json: #"{"action": "recall", "reason": "Ban hành nhầm"}"#)
            #expect(recalled.status == .ok && recalled["state"] as? String == "recalled", "\(recalled.text)")
        }
        #expect(try await Self.deliver([a]) { try await !b.axis.received().isEmpty })
        #expect(await b.poller.poll() == AxisPollerService.Round(recalls: 1))
        let copy = try #require(try await b.system.env.dossiers.list(.init(), limit: 5, after: nil).items.first { $0.code != received.code })
        #expect(copy.state == "recalled" && copy.document?.contentDestroyed == true)
        #expect(try await b.system.store.documentFiles(copy.code).isEmpty)
        #expect(try await Self.deliver([b]) {
            _ = await a.poller.poll()
            return try await a.system.env.dossiers.dossier(second)?.document?.answers[Self.b.organId]?.code == "15"
        })

        // Nothing was refused by the axis; every message on it was acknowledged done.
        let state = try await stub.state()
        #expect((state["refused"] as? [Any])?.isEmpty == true)
        #expect((state["acks"] as? [[String: Any]] ?? []).allSatisfy { $0["status"] as? String == "done" })
        #expect(try await a.system.store.verifyAudit().broken == nil)
        #expect(try await b.system.store.verifyAudit().broken == nil)
    }
}
