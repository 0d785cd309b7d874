import CLibXML2
public import MotCuaCore

/// Enveloped XML-DSig through libxmlsec1 (OpenSSL backend): the verdict on a package's
/// `Signature`, and signing outgoing packages with the agency's key and certificate.
public enum XMLSignature {
    /// xmlsec's one-time setup; `false` when the library could not start.
    static let ready: Bool = mc_xmlsec_init() == 0

    /// The verdict on the first `Signature` of a parsed document.
    static func verdict(_ parsed: ParsedXML, trust: SignatureTrust) -> SignatureVerdict {
        guard let root = parsed.root else { return .absent }
        guard let node = xmlSecFindNode(root, mc_node_signature(), mc_dsig_ns()) else {
            if xmlSecFindNode(root, mc_node_signature(), XMLElement.edXMLNamespace) != nil
                || xmlSecFindNode(root, mc_node_signature(), nil) != nil {
                return .invalid(reason: "the Signature element is not in the XML-DSig namespace (\(XMLElement.dsigNamespace))")
            }
            return .absent
        }
        guard ready else { return .invalid(reason: "the signature library could not start") }
        switch KeysManagerPool.shared.with(trust, { verdict(node, manager: $0, trusted: !trust.trustedCertificates.isEmpty) }) {
        case .success(let verdict): return verdict
        case .failure(.library): return .invalid(reason: "the signature library could not start")
        case .failure(.trustAnchor(let path)): return .invalid(reason: "the trusted certificate \(path) could not be loaded")
        }
    }

    private static func verdict(_ node: xmlNodePtr, manager: xmlSecKeysMngrPtr, trusted: Bool) -> SignatureVerdict {
        guard let context = xmlSecDSigCtxCreate(manager) else { return .invalid(reason: "the signature library could not start") }
        defer { xmlSecDSigCtxDestroy(context) }
        if !trusted { mc_dont_verify_certificates(context) }
        let result = xmlSecDSigCtxVerify(context, node)
        if result < 0 || context.pointee.signKey == nil {
            if context.pointee.signKey == nil {
                return .invalid(reason: !trusted
                    ? "no usable key: the signature carries no readable certificate"
                    : "no trusted key: the certificate is missing, expired or not issued by a trusted authority")
            }
            return .invalid(reason: "the signature could not be processed (unsupported algorithm or malformed element)")
        }
        guard context.pointee.status == xmlSecDSigStatusSucceeded else {
            return .invalid(reason: mc_failed_references(context) > 0
                ? "the signed content was changed after signing (digest mismatch)"
                : "the signature value does not match the signer's key")
        }
        var subject = [CChar](repeating: 0, count: 512)
        let signer = mc_key_subject(context.pointee.signKey, &subject, Int32(subject.count)) == 1
            ? String(decoding: subject.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
        return .valid(signer: signer, trusted: trusted)
    }

    /// The verdict on the signature of `bytes` (an XML document read within `limits`).
    public static func verify(_ bytes: [UInt8], trust: SignatureTrust = SignatureTrust(),
                              limits: XMLReadLimits = .edXML) throws(XMLReadError) -> SignatureVerdict {
        verdict(try ParsedXML.parse(bytes, limits: limits), trust: trust)
    }

    /// `bytes` with an enveloped RSA-SHA256 signature over the whole document (exclusive
    /// canonicalization, the certificate in `KeyInfo`) appended to the first element named
    /// `parent` in `namespace` (the edXML header, where packages carry it), or to the root.
    public static func sign(_ bytes: [UInt8], identity: SigningIdentity, parent: String = "edXMLHeader",
                            namespace: String = XMLElement.edXMLNamespace) throws -> [UInt8] {
        guard ready else { throw SigningError(message: "the signature library (libxmlsec1) could not start") }
        let parsed = try ParsedXML.parse(bytes, limits: .edXML)
        let doc = parsed.doc
        guard let root = parsed.root else { throw SigningError(message: "the document has no root element") }
        let target = xmlSecFindNode(root, parent, namespace) ?? root
        guard let signature = xmlSecTmplSignatureCreate(doc, mc_transform_exc_c14n(), mc_transform_rsa_sha256(), nil)
        else { throw SigningError(message: "the signature template could not be created") }
        xmlAddChild(target, signature)
        guard let reference = xmlSecTmplSignatureAddReference(signature, mc_transform_sha256(), nil, "", nil),
              xmlSecTmplReferenceAddTransform(reference, mc_transform_enveloped()) != nil,
              xmlSecTmplReferenceAddTransform(reference, mc_transform_exc_c14n()) != nil,
              let keyInfo = xmlSecTmplSignatureEnsureKeyInfo(signature, nil),
              let x509 = xmlSecTmplKeyInfoAddX509Data(keyInfo),
              xmlSecTmplX509DataAddSubjectName(x509) != nil,
              xmlSecTmplX509DataAddCertificate(x509) != nil
        else { throw SigningError(message: "the signature template could not be filled") }
        guard let key = mc_load_signing_key(identity.keyPath, identity.certificatePath) else {
            throw SigningError(message: "the signing key \(identity.keyPath) or its certificate \(identity.certificatePath) could not be read: both must be PEM files of one RSA key pair, the key unencrypted")
        }
        guard let context = xmlSecDSigCtxCreate(nil) else {
            xmlSecKeyDestroy(key)
            throw SigningError(message: "the signature library could not start")
        }
        defer { xmlSecDSigCtxDestroy(context) }
        context.pointee.signKey = key  // owned (and destroyed) by the context from here
        guard xmlSecDSigCtxSign(context, signature) >= 0 else {
            throw SigningError(message: "signing failed: check that \(identity.keyPath) is an RSA key")
        }
        var memory: UnsafeMutablePointer<xmlChar>? = nil
        var size: Int32 = 0
        xmlDocDumpMemoryEnc(doc, &memory, &size, "UTF-8")
        guard let memory else { throw SigningError(message: "the signed document could not be written") }
        defer { mc_xml_free(memory) }
        return Array(UnsafeBufferPointer(start: memory, count: Int(size)))
    }
}
