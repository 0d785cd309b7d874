import Foundation
import MotCuaCore
import MotCuaXML
import Testing

/// Signatures checked against Debian's `xmlsec1` command-line tool, an independent
/// implementation: what we sign it verifies, what it signs we verify, and both agree on
/// tampered and foreign packages. `make test` installs xmlsec1; without it these fail.
@Suite("XML-DSig signatures, with xmlsec1 as the oracle")
struct SignatureTests {
    static let xmlsec1 = "/usr/bin/xmlsec1"

    /// A fresh RSA key and self-signed certificate made by openssl.
    private func identity(_ dir: String, name: String = "agency") async throws -> SigningIdentity {
        let key = "\(dir)/\(name).key.pem", cert = "\(dir)/\(name).cert.pem"
        let made = try await Samples.run("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "30",
            "-subj", "/C=VN/O=So Khoa hoc va Cong nghe/CN=\(name)",
        ])
        #expect(made.status == 0, "\(made.output)")
        return SigningIdentity(keyPath: key, certificatePath: cert)
    }

    private func oracle(_ arguments: [String]) async throws -> Bool {
        #expect(FileManager.default.isExecutableFile(atPath: Self.xmlsec1), "xmlsec1 is missing: scripts/install-deps.sh --test installs it")
        return try await Samples.run(Self.xmlsec1, arguments).status == 0
    }

    @Test("a package we sign verifies with xmlsec1; one changed byte of its Subject makes both say invalid")
    func ourSignature() async throws {
        let dir = try Samples.scratch()
        let me = try await identity(dir)
        let signed = try XMLSignature.sign(EdXMLWriter.package(EdXMLFixtures.document()), identity: me)
        let file = dir + "/signed.edxml"
        try Data(signed).write(to: URL(fileURLWithPath: file))
        #expect(try await oracle(["--verify", "--trusted-pem", me.certificatePath, file]))
        let verdict = try XMLSignature.verify(signed, trust: SignatureTrust(trustedCertificates: [me.certificatePath]))
        guard case .valid(let signer, let trusted) = verdict else { Issue.record("\(verdict)"); return }
        #expect(trusted)
        #expect(signer?.contains("CN=agency") == true)
        // Without trust anchors: verifies with the carried certificate, as `xmlsec1 --insecure`.
        #expect(try XMLSignature.verify(signed) == .valid(signer: signer, trusted: false))
        #expect(try await oracle(["--verify", "--insecure", file]))
        // The reader keeps the verdict on the document, and the signature sits in the header.
        let reading = try EdXMLReader.read(signed, trust: SignatureTrust(trustedCertificates: [me.certificatePath]))
        guard case .document(let d) = reading.package else { Issue.record("not a document"); return }
        #expect(d.signature == verdict)
        #expect(d.header == EdXMLFixtures.document().header)
        #expect(String(decoding: signed, as: UTF8.self).contains("</Signature></edXML:edXMLHeader>") ||
                String(decoding: signed, as: UTF8.self).contains("</Signature>\n</edXML:edXMLHeader>"))

        // One byte of the Subject changed (kế → kê is two bytes; a letter is one).
        var text = String(decoding: signed, as: UTF8.self)
        text = text.replacingOccurrences(of: "phê duyệt kế hoạch năm 2027", with: "phê duyệt kế hoạch năm 2028")
        let tampered = Array(text.utf8)
        #expect(tampered.count == signed.count)
        #expect(zip(tampered, signed).filter { $0 != $1 }.count == 1)
        let tamperedFile = dir + "/tampered.edxml"
        try Data(tampered).write(to: URL(fileURLWithPath: tamperedFile))
        #expect(try await !oracle(["--verify", "--trusted-pem", me.certificatePath, tamperedFile]))
        #expect(try await !oracle(["--verify", "--insecure", tamperedFile]))
        let after = try XMLSignature.verify(tampered, trust: SignatureTrust(trustedCertificates: [me.certificatePath]))
        #expect(after == .invalid(reason: "the signed content was changed after signing (digest mismatch)"))
        #expect(try XMLSignature.verify(tampered).name == "invalid")
    }

    @Test("a package signed by xmlsec1 verifies with us, and not under someone else's trust anchor")
    func theirSignature() async throws {
        let dir = try Samples.scratch()
        let them = try await identity(dir, name: "peer")
        let stranger = try await identity(dir, name: "stranger")
        var template = String(decoding: EdXMLWriter.package(EdXMLFixtures.status), as: UTF8.self)
        template = template.replacingOccurrences(of: "</edXML:MessageHeader>", with: """
            </edXML:MessageHeader>
            <Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo>
            <CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>
            <SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
            <Reference URI=""><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></Transforms>
            <DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue/></Reference></SignedInfo>
            <SignatureValue/><KeyInfo><X509Data><X509Certificate/></X509Data></KeyInfo></Signature>
            """)
        let templateFile = dir + "/template.edxml", output = dir + "/theirs.edxml"
        try template.write(toFile: templateFile, atomically: true, encoding: .utf8)
        #expect(try await oracle(["--sign", "--privkey-pem", "\(them.keyPath),\(them.certificatePath)", "--output", output, templateFile]))
        let signed = try Array(Data(contentsOf: URL(fileURLWithPath: output)))
        let verdict = try XMLSignature.verify(signed, trust: SignatureTrust(trustedCertificates: [them.certificatePath]))
        guard case .valid(let signer, true) = verdict else { Issue.record("\(verdict)"); return }
        #expect(signer?.contains("CN=peer") == true)
        // Under a trust list that does not hold the signer: invalid, and xmlsec1 agrees.
        let untrusted = try XMLSignature.verify(signed, trust: SignatureTrust(trustedCertificates: [stranger.certificatePath]))
        #expect(untrusted.name == "invalid")
        #expect(try await !oracle(["--verify", "--trusted-pem", stranger.certificatePath, output]))
        // A status read through the reader keeps no verdict (status packages are not signed
        // documents), but the document path is exercised by ourSignature().
        #expect(try EdXMLReader.read(signed).firstError == nil)
    }

    @Test("the SDK sample's signature: xmlsec1 and we both say invalid; status samples have none")
    func sample() async throws {
        let file = Samples.edxmlPath("edoc.edxml")
        #expect(try await !oracle(["--verify", file]))
        #expect(try await !oracle(["--verify", "--insecure", file]))
        let bytes = try Samples.edxml("edoc.edxml")
        #expect(try XMLSignature.verify(bytes) == .invalid(reason: "the signed content was changed after signing (digest mismatch)"))
        let stranger = try await identity(try Samples.scratch())
        #expect(try XMLSignature.verify(bytes, trust: SignatureTrust(trustedCertificates: [stranger.certificatePath])).name == "invalid")
        #expect(try XMLSignature.verify(try Samples.edxml("status_acceptance_03.edxml")) == .absent)
    }

    @Test("verifications on many tasks at once share the pooled keys managers and all agree")
    func concurrent() async throws {
        let dir = try Samples.scratch()
        let me = try await identity(dir)
        let signed = try XMLSignature.sign(EdXMLWriter.package(EdXMLFixtures.document()), identity: me)
        var text = String(decoding: signed, as: UTF8.self)
        text = text.replacingOccurrences(of: "năm 2027", with: "năm 2028")
        let tampered = Array(text.utf8)
        let trust = SignatureTrust(trustedCertificates: [me.certificatePath])
        let verdicts = await withTaskGroup(of: (Bool, String).self) { group in
            for i in 0..<64 {
                group.addTask {
                    let bytes = i % 2 == 0 ? signed : tampered
                    return (i % 2 == 0, (try? XMLSignature.verify(bytes, trust: trust))?.name ?? "error")
                }
            }
            return await group.reduce(into: [(Bool, String)]()) { $0.append($1) }
        }
        #expect(verdicts.count == 64)
        #expect(verdicts.allSatisfy { $0.0 ? $0.1 == "valid" : $0.1 == "invalid" })
    }

    @Test("signing with missing or mismatched key material fails with a message naming the files")
    func badKeys() async throws {
        let dir = try Samples.scratch()
        let a = try await identity(dir, name: "a"), b = try await identity(dir, name: "b")
        let package = EdXMLWriter.package(EdXMLFixtures.document())
        #expect(throws: SigningError.self) { try XMLSignature.sign(package, identity: SigningIdentity(keyPath: dir + "/none.pem", certificatePath: a.certificatePath)) }
        #expect(throws: SigningError.self) { try XMLSignature.sign(package, identity: SigningIdentity(keyPath: a.certificatePath, certificatePath: a.keyPath)) }
        do {
            _ = try XMLSignature.sign(package, identity: SigningIdentity(keyPath: a.keyPath, certificatePath: b.certificatePath))
            Issue.record("a key signed with another key's certificate")
        } catch let error as SigningError {
            #expect(error.message.contains(a.keyPath))
        }
    }
}
