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

/// Outgoing documents through the API (drafted, reviewed, signed, numbered, refused drafts)
/// and updates received: the same suite's system and helpers (`APIDocumentTests`).
extension APIDocumentTests {
    @Test("outgoing: drafted by a specialist, reviewed by the unit's head, signed by the director, numbered by the clerk: 01/SKHCN-QLKH")
    func outgoing() async throws {
        let (system, _) = try await system()
        defer { system.cleanUp() }
        _ = try await system.store.syncAgencies([Agency(code: "000.00.32.H58", name: "Sở Tài chính"),
                                                 Agency(code: "000.00.33.H58", name: "Sở Nội vụ")], at: system.clock.now)
        try await system.application.test(.router) { client in
            let drafter = system.tokens["specialistQLKH"]
            let body = #"{"type": "CV", "subject": "Về việc đề nghị phối hợp thẩm định", "content": "Kính gửi…", "recipients": ["000.00.32.H58", "000.00.33.H58"], "priority": 1}"#
            let draft = try await client.call(.post, "/api/v1/documents/drafts", token: drafter, json: body)
            #expect(draft.status == .created, "\(draft.text)")
            #expect(draft["kind"] as? String == "outgoing_document" && draft["state"] as? String == "draft")
            #expect(draft["department"] as? String == "QLKH")
            let code = try #require(draft["code"] as? String)
            #expect((draft["document"] as? [String: Any])?["numberAndNotation"] as? String == "SKHCN-QLKH")  // no number until the clerk gives one
            func act(_ label: String, _ json: String) async throws -> Reply {
                try await client.call(.post, "/api/v1/dossiers/\(code)/actions", token: system.tokens[label], json: json)
            }
            #expect(try await act("specialistQLKH", #"{"action": "submit"}"#).status == .ok)
            // Another unit's head does not review it; its own does.
            #expect(try await act("headQLCN", #"{"action": "approve"}"#).status == .notFound)
            #expect(try await act("headQLKH", #"{"action": "approve"}"#).status == .ok)
            let signed = try await act("director", #"{"action": "sign"}"#)
            #expect(signed.status == .ok && signed["state"] as? String == "numbering")
            #expect((signed["document"] as? [String: Any])?["signer"] as? String == "Người dùng director")
            let numbered = try await act("clerkVP", #"{"action": "number"}"#)
            #expect(numbered.status == .ok, "\(numbered.text)")
            #expect(numbered["state"] as? String == "issued")
            let document = try #require(numbered["document"] as? [String: Any])
            #expect(document["registerNumber"] as? Int == 1 && document["book"] as? String == "di")
            #expect(document["numberAndNotation"] as? String == "01/SKHCN-QLKH")
            #expect(document["promulgationDate"] as? String == "2027/03/01")
            #expect(document["documentId"] as? String == "000.00.01.H22,2027/03/01,01/SKHCN-QLKH")
            #expect(try await system.store.documentCase(documentId: "000.00.01.H22,2027/03/01,01/SKHCN-QLKH") == code)
            // A second one takes 02; drafts of the same type are not duplicates of each other.
            let second = try await client.call(.post, "/api/v1/documents/drafts", token: drafter, json: body)
            #expect((second["document"] as? [String: Any])?["duplicateOf"] is NSNull)
            let refusals: [(String, String, String)] = [
                ("unknown type", #"{"type": "XX", "subject": "s", "recipients": ["000.00.32.H58"]}"#, "unknown_type"),
                ("no recipient", #"{"type": "CV", "subject": "s", "recipients": []}"#, "no_recipient"),
                ("not in the directory", #"{"type": "CV", "subject": "s", "recipients": ["999"]}"#, "invalid_field"),
                ("twice", #"{"type": "CV", "subject": "s", "recipients": ["000.00.32.H58", "000.00.32.H58"]}"#, "duplicate_recipient"),
                ("no subject", #"{"type": "CV", "recipients": ["000.00.32.H58"]}"#, "missing_field"),
                ("attachment not base64", #"{"type": "CV", "subject": "s", "recipients": ["000.00.32.H58"], "attachments": [{"name": "a.pdf", "content": "%%%"}]}"#, "invalid_field"),
                ("attachment with a path", #"{"type": "CV", "subject": "s", "recipients": ["000.00.32.H58"], "attachments": [{"name": "../../etc/passwd", "content": "QQ=="}]}"#, "invalid_field"),
                ("attachment twice", #"{"type": "CV", "subject": "s", "recipients": ["000.00.32.H58"], "attachments": [{"name": "a.pdf", "content": "QQ=="}, {"name": "a.pdf", "content": "Qg=="}]}"#, "invalid_field"),
                ("reply to nothing", #"{"type": "CV", "subject": "s", "recipients": ["000.00.32.H58"], "replyTo": "000.00.01.H22-270301-9999"}"#, "invalid_reply"),
            ]
            for (name, json, code) in refusals {
                let reply = try await client.call(.post, "/api/v1/documents/drafts", token: drafter, json: json)
                #expect(reply.status == .unprocessableContent && reply.errorCode == code, "\(name): \(reply.text)")
            }
            let extra = try await client.call(.post, "/api/v1/documents/drafts", token: drafter, json: """
                {"type": "CV", "subject": "s", "recipients": ["000.00.32.H58"], "attachments": [{"name": "a.pdf", "content": "QQ==", "path": "/x"}]}
                """)
            #expect(extra.status == .badRequest && extra.errorCode == "malformed_request", "\(extra.text)")
            #expect(try await client.call(.post, "/api/v1/documents/drafts", token: system.tokens["clerkVP"], json: body).status == .forbidden)
            // Nothing was written by the refused drafts: only the two accepted ones exist.
            #expect(try await system.env.dossiers.list(.init(), limit: 50, after: nil).items.count == 2)
        }
    }

    @Test("an update received takes its original's place (original replaced, 15 queued); one naming no document here is refused whole")
    func update() async throws {
        let (system, identity) = try await system()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            let clerk = system.tokens["clerkVP"]
            let original = try await post(client, try XMLSignature.sign(Self.package(number: "15"), identity: identity), token: clerk)
            let code = try #require(original["code"] as? String)
            let update = try XMLSignature.sign(Self.package(number: "16", subject: "Về việc báo cáo dự toán (cập nhật)",
                                                            supersedes: ("000.00.32.H58,2027/03/01,15/STC-NS", .update)), identity: identity)
            let created = try await post(client, update, token: clerk)
            #expect(created.status == .created, "\(created.text)")
            let document = try #require(created["document"] as? [String: Any])
            #expect(document["supersedes"] as? String == code && created["state"] as? String == "registered")
            let retired = try await client.call(.get, "/api/v1/dossiers/\(code)", token: clerk)
            #expect(retired["state"] as? String == "replaced")
            #expect((retired["document"] as? [String: Any])?["supersededBy"] as? String == created["code"] as? String)
            let events = try await client.call(.get, "/api/v1/dossiers/\(code)/events", token: clerk)
            let last = try #require((events.json as? [[String: Any]])?.last)
            #expect(last["action"] as? String == "replace" && last["edxmlStatus"] as? String == "15")
            // No such original here: 422, nothing registered.
            let before = try await system.env.dossiers.list(.init(), limit: 50, after: nil).items.count
            let stray = try XMLSignature.sign(Self.package(number: "17", supersedes: ("000.00.32.H58,2026/01/01,1/STC-NS", .replacement)),
                                              identity: identity)
            let refused = try await post(client, stray, token: clerk)
            #expect(refused.status == .unprocessableContent && refused.errorCode == "update_refused", "\(refused.text)")
            #expect(try await system.env.dossiers.list(.init(), limit: 50, after: nil).items.count == before)
        }
    }
}
