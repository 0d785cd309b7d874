import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MotCuaCore
import MotCuaDefinitions
import MotCuaServer
import MotCuaStore
import MotCuaXML
import NIOCore
import Testing

/// Incoming official documents through the API: a real package written and signed with a
/// key openssl makes, taken in, registered, instructed, handled; the register as JSON and
/// CSV; and every bad package refused with nothing written.
@Suite("API: incoming documents", .serialized)
struct APIDocumentTests {
    static let us = EdXMLOrgan(organId: "000.00.01.H22", organName: "Sở Khoa học và Công nghệ")
    static let sender = EdXMLOrgan(organId: "000.00.32.H58", organName: "Sở Tài chính tỉnh Bến Tre")

    /// A signing key and certificate made by openssl in `dir`.
    static func identity(_ dir: URL) async throws -> SigningIdentity {
        let key = dir.appendingPathComponent("sender.key.pem").path, cert = dir.appendingPathComponent("sender.cert.pem").path
        // openssl is waited for on a thread of its own, not on one of the cooperative threads.
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try openssl(key: key, certificate: cert) })
            }
        }
        #expect(status == 0, "openssl could not make a test key")
        return SigningIdentity(keyPath: key, certificatePath: cert)
    }

    private static func openssl(key: String, certificate cert: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "30",
                             "-subj", "/C=VN/O=So Tai chinh/CN=van thu"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func package(number: String = "15", subject: String = "Về việc báo cáo tình hình thực hiện dự toán năm 2027",
                        to: EdXMLOrgan = us, priority: String? = "1", recall reason: String? = nil,
                        supersedes: (documentId: String, type: EdXMLBusinessType)? = nil) -> [UInt8] {
        var h = EdXMLHeader(from: sender, to: [to], documentId: "000.00.32.H58,2027/03/01,\(number)/STC-NS", codeNumber: number,
                            codeNotation: "STC-NS", promulgationDate: "2027/03/01", type: "2", subject: subject)
        h.typeName = "Công văn"
        h.priority = priority
        h.signerFullName = "Nguyễn Văn An"
        h.business = EdXMLBusiness(documentId: h.documentId, docType: reason == nil ? "0" : "1", reason: reason)
        if let supersedes { h.business = EdXMLBusiness(documentId: supersedes.documentId, docType: String(supersedes.type.rawValue)) }
        let content = Array("%PDF-1.4 công văn\n".utf8)
        return EdXMLWriter.package(EdXMLDocument(
            header: h, manifest: [EdXMLReference(contentId: "cid:1", contentType: "application/pdf", attachmentName: "\(number)-STC.pdf")],
            attachments: [EdXMLAttachment(contentId: "cid:1", attachmentName: "\(number)-STC.pdf", contentType: "application/pdf",
                                          content: content, sha256: "")]))
    }

    func system() async throws -> (TestSystem, SigningIdentity) {
        var system = try await TestSystem()
        let identity = try await Self.identity(system.directory)
        let rules = DefinitionFiles.clericalRules(at: TestSystem.root + "/config/documents.yaml").rules!
        system.env.documents = DocumentDesk(rules: rules, trust: SignatureTrust(trustedCertificates: [identity.certificatePath]), organ: Self.us)
        return (system, identity)
    }

    func post(_ client: some TestClientProtocol, _ bytes: [UInt8], token: String?, type: String = "application/xml",
              extra: HTTPFields = [:]) async throws -> Reply {
        var headers = extra
        headers[.contentType] = type
        return try await client.call(.post, "/api/v1/documents", token: token, body: ByteBuffer(bytes: bytes), headers: headers)
    }

    @Test("a signed package is taken in (01) and registered on arrival (03), instructed (04), assigned (05), finished (06); the register shows it")
    func lifecycle() async throws {
        let (system, identity) = try await system()
        defer { system.cleanUp() }
        let signed = try XMLSignature.sign(Self.package(), identity: identity)
        try await system.application.test(.router) { client in
            let clerk = system.tokens["clerkVP"]
            let created = try await post(client, signed, token: clerk)
            #expect(created.status == .created, "\(created.text)")
            let code = try #require(created["code"] as? String)
            #expect(created["kind"] as? String == "incoming_document")
            // Its signature verifies and registerOnArrival is set: number 1 of the book at once.
            #expect(created["state"] as? String == "registered")
            #expect(created["portalStatus"] is NSNull)
            let document = try #require(created["document"] as? [String: Any])
            #expect((document["signature"] as? [String: Any])?["verdict"] as? String == "valid")
            #expect((document["signature"] as? [String: Any])?["trusted"] as? Bool == true)
            #expect(document["numberAndNotation"] as? String == "15/STC-NS")
            #expect((document["attachments"] as? [[String: Any]])?.first?["name"] as? String == "15-STC.pdf")
            #expect(document["handlingDays"] as? Int == 3)  // Khẩn
            // The same package again is the same arrival.
            let again = try await post(client, signed, token: clerk)
            #expect(again.status == .created)
            #expect(again["code"] as? String == code)

            func act(_ token: String?, _ body: String) async throws -> Reply {
                try await client.call(.post, "/api/v1/dossiers/\(code)/actions", token: token, json: body)
            }
            #expect(document["registerNumber"] as? Int == 1)
            let twice = try await act(clerk, #"{"action": "register"}"#)
            #expect(twice.status == .unprocessableContent)
            #expect(twice.errorCode == "invalid_action")
            let unknownLead = try await act(system.tokens["director"], #"{"action": "instruct", "lead": "XYZ"}"#)
            #expect(unknownLead.status == .unprocessableContent)
            #expect(unknownLead.errorCode == "invalid_field")
            let instructed = try await act(system.tokens["director"],
                                           #"{"action": "instruct", "lead": "QLKH", "cooperating": ["QLCN"], "note": "Phòng QLKH chủ trì"}"#)
            #expect(instructed.status == .ok, "\(instructed.text)")
            #expect(instructed["department"] as? String == "QLKH")
            let wrongHead = try await act(system.tokens["headQLCN"], "{\"action\": \"assign\", \"assignee\": \"\(system.userIDs["specialistQLKH"]!)\"}")
            #expect(wrongHead.status == .forbidden)
            let assigned = try await act(system.tokens["headQLKH"], "{\"action\": \"assign\", \"assignee\": \"\(system.userIDs["specialistQLKH"]!)\"}")
            #expect(assigned.status == .ok, "\(assigned.text)")
            let finished = try await act(system.tokens["specialistQLKH"], #"{"action": "finish", "note": "Đã báo cáo"}"#)
            #expect(finished.status == .ok, "\(finished.text)")
            #expect(finished["state"] as? String == "finished")
            let events = try await client.call(.get, "/api/v1/dossiers/\(code)/events", token: clerk)
            #expect(events.array.compactMap { $0["edxmlStatus"] as? String } == ["01", "03", "04", "05", "06"])
            // The one-stop desk does not see official documents.
            #expect(try await client.call(.get, "/api/v1/dossiers/\(code)", token: system.tokens["desk"]).status == .notFound)

            let book = try await client.call(.get, "/api/v1/registers/den?year=2027", token: clerk)
            #expect(book.status == .ok, "\(book.text)")
            let line = try #require((book["lines"] as? [[String: Any]])?.first)
            #expect(line["number"] as? Int == 1)
            #expect(line["author"] as? String == "Sở Tài chính tỉnh Bến Tre")
            #expect(line["numberAndNotation"] as? String == "15/STC-NS")
            #expect(line["arrived"] as? String == "01/03/2027")
            #expect(line["recipient"] as? String == "Phòng Quản lý khoa học, Người dùng specialistQLKH")
            #expect((line["notes"] as? String)?.contains("KHẨN") == true)
            let csv = try await client.call(.get, "/api/v1/registers/den?year=2027&format=csv", token: system.tokens["director"])
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let rows = csv.text.components(separatedBy: "\r\n")
            #expect(rows.first == "\u{FEFF}Ngày đến,Số đến,Tác giả,\"Số, ký hiệu\",Ngày tháng văn bản,Tên loại và trích yếu nội dung,Đơn vị hoặc người nhận,Ngày chuyển,Ký nhận,Ghi chú,Mã hồ sơ văn bản,Trạng thái")
            #expect(rows.count == 3 && rows[1].hasPrefix("01/03/2027,01,Sở Tài chính tỉnh Bến Tre,15/STC-NS,01/03/2027,Công văn — Về việc"))
            #expect(try await client.call(.get, "/api/v1/registers/den", token: system.tokens["specialistQLKH"]).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/registers/nope", token: clerk).status == .notFound)
            #expect(try await client.call(.get, "/api/v1/registers/den?year=abc", token: clerk).status == .badRequest)
            #expect(try await client.call(.get, "/api/v1/registers/den?after=1116133772214406849155301376", token: clerk).status == .badRequest)
            #expect(try await client.call(.get, "/api/v1/registers/den?after=1000000000", token: clerk).status == .ok)

            // A recall of the finished document is refused (16 to the sender), with the reason.
            let late = try await post(client, try XMLSignature.sign(Self.package(recall: "Ban hành nhầm"), identity: identity), token: clerk)
            #expect(late.status == .unprocessableContent && late.errorCode == "recall_refused", "\(late.text)")
            // Another document, recalled before it was handled: content destroyed, metadata kept; the same recall again is harmless.
            let other = try await post(client, try XMLSignature.sign(Self.package(number: "17"), identity: identity), token: clerk)
            let otherCode = try #require(other["code"] as? String)
            let recall = try XMLSignature.sign(Self.package(number: "17", recall: "Ban hành nhầm"), identity: identity)
            for _ in 0..<2 {
                let recalled = try await post(client, recall, token: clerk)
                #expect(recalled.status == .ok, "\(recalled.text)")
                #expect(recalled["code"] as? String == otherCode && recalled["state"] as? String == "recalled")
                let kept = try #require(recalled["document"] as? [String: Any])
                #expect(kept["contentDestroyed"] as? Bool == true && (kept["attachments"] as? [Any])?.isEmpty == true)
                #expect(kept["registerNumber"] as? Int == 2 && kept["numberAndNotation"] as? String == "17/STC-NS")
            }
            #expect(try await system.store.documentFiles(otherCode).isEmpty)
            let unknown = try await post(client, try XMLSignature.sign(Self.package(number: "98", recall: "x"), identity: identity), token: clerk)
            #expect(unknown.status == .unprocessableContent && unknown.errorCode == "recall_refused")
        }
    }

    @Test("bad packages are refused with a clear error and write nothing")
    func refusals() async throws {
        let (system, identity) = try await system()
        defer { system.cleanUp() }
        let signed = try XMLSignature.sign(Self.package(), identity: identity)
        var changed = signed
        let at = try #require(changed.firstRange(of: Array("báo cáo".utf8)))
        changed[at.lowerBound] = UInt8(ascii: "B")
        let tampered = changed
        let otherDirectory = system.directory.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: otherDirectory, withIntermediateDirectories: true)
        let otherKey = try XMLSignature.sign(Self.package(number: "16"), identity: try await Self.identity(otherDirectory))
        let entity = Array("""
            <?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><edXMLEnvelope>&e;</edXMLEnvelope>
            """.utf8)
        try await system.application.test(.router) { client in
            let clerk = system.tokens["clerkVP"]
            let cases: [(String, Reply, HTTPResponse.Status, String)] = [
                ("tampered", try await post(client, tampered, token: clerk), .unprocessableContent, "invalid_signature"),
                ("not for us", try await post(client, try XMLSignature.sign(Self.package(to: APIDocumentTests.sender), identity: identity), token: clerk),
                 .unprocessableContent, "not_for_us"),
                ("hash-file", try await post(client, signed, token: clerk, extra: [HTTPField.Name("hash-file")!: String(repeating: "0", count: 64)]),
                 .unprocessableContent, "hash_mismatch"),
                ("bad hash-file", try await post(client, signed, token: clerk, extra: [HTTPField.Name("hash-file")!: "xyz"]),
                 .badRequest, "malformed_request"),
                ("external entity", try await post(client, entity, token: clerk), .unprocessableContent, "xml_doctype"),
                ("not XML", try await post(client, Array("hello".utf8), token: clerk), .unprocessableContent, ""),
                ("JSON", try await post(client, signed, token: clerk, type: "application/json"), .badRequest, "unsupported_content_type"),
                ("21 MB", try await post(client, [UInt8](repeating: 0x20, count: 21 << 20), token: clerk), .contentTooLarge, "too_large"),
                ("desk", try await post(client, signed, token: system.tokens["desk"]), .forbidden, "forbidden"),
                ("anonymous", try await post(client, signed, token: nil), .unauthorized, "unauthorized"),
            ]
            for (name, reply, status, code) in cases {
                #expect(reply.status == status, "\(name): \(reply.text)")
                if !code.isEmpty { #expect(reply.errorCode == code, "\(name): \(reply.text)") }
                #expect((reply.object["error"] as? [String: Any])?["message"] is String, "\(name): no message")
            }
            // Signed by a key none of the trusted certificates vouches for: refused, and said why.
            let untrusted = try await post(client, otherKey, token: clerk)
            #expect(untrusted.status == .unprocessableContent, "\(untrusted.text)")
            #expect(untrusted.errorCode == "invalid_signature")
            #expect(((untrusted.object["error"] as? [String: Any])?["message"] as? String)?.contains("no trusted key") == true)
        }
        #expect(try await system.counts().dossiers == 0)
    }

    @Test("paper documents: registered by the clerk at entry, secret ones in their own book, duplicates flagged, bad bodies refused")
    func paper() async throws {
        let (system, _) = try await system()
        defer { system.cleanUp() }
        let scan = Data("%PDF-1.4 bản quét".utf8).base64EncodedString()
        @Sendable func body(_ number: String, secret: Bool = false, extra: String = "") -> String {
            """
            {"organ": {"name": "UBND tỉnh Bến Tre"}, "number": "\(number)", "notation": "UBND-KT", "date": "2027-02-25",
             "typeName": "Công văn", "subject": "Về việc triển khai chuyển đổi số", "priority": 1, "secret": \(secret),
             "scan": {"name": "cv-\(number).pdf", "contentType": "application/pdf", "content": "\(scan)"}\(extra)}
            """
        }
        try await system.application.test(.router) { client in
            let clerk = system.tokens["clerkVP"]
            let first = try await client.call(.post, "/api/v1/documents/paper", token: clerk, json: body("120"))
            #expect(first.status == .created, "\(first.text)")
            #expect(first["state"] as? String == "registered" && first["channel"] as? String == "postal")
            let document = try #require(first["document"] as? [String: Any])
            #expect(document["source"] as? String == "paper" && document["book"] as? String == "den" && document["registerNumber"] as? Int == 1)
            #expect(document["numberAndNotation"] as? String == "120/UBND-KT" && document["handlingDays"] as? Int == 3)
            #expect((document["attachments"] as? [[String: Any]])?.first?["size"] as? Int == Data("%PDF-1.4 bản quét".utf8).count)
            let code = try #require(first["code"] as? String)
            #expect(try await system.store.documentFiles(code).first?.bytes == Data("%PDF-1.4 bản quét".utf8))
            let secret = try await client.call(.post, "/api/v1/documents/paper", token: clerk, json: body("7", secret: true))
            let secretDocument = secret["document"] as? [String: Any]
            #expect(secretDocument?["book"] as? String == "den-mat" && secretDocument?["registerNumber"] as? Int == 1)
            let again = try await client.call(.post, "/api/v1/documents/paper", token: clerk, json: body("120"))
            #expect((again["document"] as? [String: Any])?["duplicateOf"] as? String == code)
            #expect((again["document"] as? [String: Any])?["registerNumber"] as? Int == 2)
            let bad: [(String, String, HTTPResponse.Status, String)] = [
                ("no subject", #"{"organ": {"name": "X"}, "number": "1", "date": "2027-02-25"}"#, .unprocessableContent, "missing_field"),
                ("bad date", #"{"organ": {"name": "X"}, "number": "1", "date": "25/02/2027", "subject": "s"}"#, .unprocessableContent, "invalid_field"),
                ("priority", body("9", extra: #", "dueDate": "2027-03-01""#).replacingOccurrences(of: "\"priority\": 1", with: "\"priority\": 9"),
                 .unprocessableContent, "invalid_field"),
                ("scan", body("10").replacingOccurrences(of: scan, with: "%%%not base64"), .unprocessableContent, "invalid_field"),
                ("unknown field", body("11", extra: #", "hack": 1"#), .badRequest, "malformed_request"),
                ("null", body("14", extra: #", "dueDate": null"#), .badRequest, "malformed_request"),
                ("null in the scan", body("15").replacingOccurrences(of: #""contentType": "application/pdf""#, with: #""contentType": null"#),
                 .badRequest, "malformed_request"),
                ("no organ", #"{"number": "1", "date": "2027-02-25", "subject": "s"}"#, .unprocessableContent, "missing_field"),
                ("long subject", body("12").replacingOccurrences(of: "Về việc triển khai chuyển đổi số", with: String(repeating: "a", count: 501)),
                 .unprocessableContent, ""),
            ]
            for (name, json, status, code) in bad {
                let reply = try await client.call(.post, "/api/v1/documents/paper", token: clerk, json: json)
                #expect(reply.status == status, "\(name): \(reply.text)")
                if !code.isEmpty { #expect(reply.errorCode == code, "\(name): \(reply.text)") }
            }
            #expect(try await client.call(.post, "/api/v1/documents/paper", token: system.tokens["desk"], json: body("13")).status == .forbidden)
        }
        #expect(try await system.counts().dossiers == 3)
    }

    @Test("the directory of agencies: what the last sync stored, for officers only")
    func agencies() async throws {
        let (system, _) = try await system()
        defer { system.cleanUp() }
        _ = try await system.store.syncAgencies([Agency(code: "000.00.32.H58", name: "Sở Tài chính", mail: "stc@gov.vn"),
                                                 Agency(code: "000.00.01.H22", name: "Sở Khoa học và Công nghệ")], at: system.clock.now)
        try await system.application.test(.router) { client in
            let listed = try await client.call(.get, "/api/v1/agencies", token: system.tokens["specialistQLKH"])
            #expect(listed.status == .ok)
            #expect(listed.array.map { $0["code"] as? String } == ["000.00.01.H22", "000.00.32.H58"])
            #expect(listed.array.last?["mail"] as? String == "stc@gov.vn" && listed.array.first?["mail"] is NSNull)
            #expect(try await client.call(.get, "/api/v1/agencies", token: system.tokens["portal"]).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/agencies", token: nil).status == .unauthorized)
        }
        // A sync that no longer lists one removes it.
        #expect(try await system.store.syncAgencies([Agency(code: "000.00.01.H22", name: "Sở KH&CN")], at: system.clock.now) == 2)
        #expect(try await system.store.agencies() == [Agency(code: "000.00.01.H22", name: "Sở KH&CN")])
    }
}
