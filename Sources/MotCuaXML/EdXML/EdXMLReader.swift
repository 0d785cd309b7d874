public import MotCuaCore
import Crypto

/// A package read and checked: what it carries, and every problem found (errors refuse it,
/// warnings flag it). Unreadable input is thrown as a `Problem` instead.
public struct EdXMLReading: Sendable {
    /// The document or status it carries.
    public var package: EdXMLPackage
    /// Validation problems, XML warnings (undeclared prefixes) and attachment errors.
    public var problems: [Problem]
    /// Lowercase hex SHA-256 of the package bytes (the axis's `hash-file`).
    public var sha256: String

    /// The first error, `nil` when the package may be registered.
    public var firstError: Problem? { problems.first { $0.severity == .error } }
}

/// Reads edXML packages (QCVN 102:2016) into core values: the safe XML reader, then the
/// layout, attachments decoded and hashed, validation, and the signature checked with xmlsec.
public enum EdXMLReader {
    /// Reads `bytes`. `expectedSHA256` is the sender's `hash-file`, when there is one;
    /// `file` names the package in problems; `trust` decides how signatures are judged
    /// (`checkSignature: false` leaves the verdict `.unchecked`).
    public static func read(_ bytes: [UInt8], file: String = "package.edxml", expectedSHA256: String? = nil,
                            trust: SignatureTrust = SignatureTrust(), checkSignature: Bool = true,
                            limits: XMLReadLimits = .edXML) throws(Problem) -> EdXMLReading {
        let digest = hex(SHA256.hash(data: bytes))
        if let expected = expectedSHA256, expected.lowercased() != digest {
            throw Problem(code: "hash_mismatch", file: file, line: nil, element: "hash-file",
                          message: "the package's SHA-256 is \(digest), not the \(expected) its sender announced",
                          hint: "the package was changed or cut in transit; ask the sender to send it again")
        }
        let parsed: ParsedXML
        do {
            parsed = try ParsedXML.parse(bytes, limits: limits)
        } catch {
            throw Problem(code: "xml_" + error.kind.rawValue, file: file, line: error.line > 0 ? error.line : nil,
                          element: error.column > 0 ? "column \(error.column)" : "", message: error.message)
        }
        let reading = XMLReader.tree(of: parsed)
        var problems = reading.warnings.map {
            Problem(.warning, code: "undeclared_prefix", file: file, line: $0.line, element: "", message: $0.message)
        }
        let root = reading.root
        guard root.name == "edXML", root.isEdXML else {
            throw layout(file, root.line, "the root element is <\(root.name)>, not <edXML> in the namespace \(XMLElement.edXMLNamespace)")
        }
        guard let envelope = root.edXML("edXMLEnvelope"), let header = envelope.edXML("edXMLHeader"),
              let message = header.edXML("MessageHeader")
        else { throw layout(file, root.line, "edXML > edXMLEnvelope > edXMLHeader > MessageHeader is missing") }

        if message.edXML("StatusCode") != nil {
            let status = EdXMLStatus(
                from: message.edXML("From")?.organ ?? EdXMLOrgan(organId: ""),
                responseFor: message.edXML("ResponseFor")?.responseFor
                    ?? EdXMLResponseFor(organId: "", code: "", promulgationDate: "", documentId: ""),
                staff: message.edXML("StaffInfo")?.staff, statusCode: message.required("StatusCode"),
                description: message.field("Description"), timestamp: message.required("Timestamp"))
            problems += EdXMLValidation.problems(of: status, file: file)
            return EdXMLReading(package: .status(status), problems: problems, sha256: digest)
        }

        var document = EdXMLDocument(header: EdXMLHeaderReader.header(message, traces: header.edXML("TraceHeaderList")))
        document.manifest = envelope.edXML("edXMLBody")?.edXML("edXMLManifest")?.edXMLAll("Reference").map {
            EdXMLReference(contentId: $0.required("ContentId"), contentType: $0.field("ContentType"),
                           description: $0.field("Description"), attachmentName: $0.field("AttachmentName"))
        } ?? []
        for (i, element) in (root.edXML("AttachmentEncoded")?.edXMLAll("Attachment") ?? []).enumerated() {
            let encoded = element.edXML("ContentTransferEncoded")
            do {
                let content = try Base64Content.decode(encoded?.text ?? "")
                document.attachments.append(EdXMLAttachment(
                    contentId: element.required("ContentId"), attachmentName: element.required("AttachmentName"),
                    description: element.field("Description"), contentType: element.field("ContentType"),
                    content: content, sha256: hex(SHA256.hash(data: content))))
            } catch {
                problems.append(Problem(code: "attachment_not_base64", file: file, line: encoded?.line ?? element.line,
                                        element: "Attachment[\(i + 1)].ContentTransferEncoded",
                                        message: "attachment \(element.required("ContentId")): \(error.message)",
                                        hint: "ask the sender to send the package again"))
            }
        }
        document.signature = checkSignature ? XMLSignature.verdict(parsed, trust: trust) : .unchecked
        problems += EdXMLValidation.problems(of: document, file: file)
        return EdXMLReading(package: .document(document), problems: problems, sha256: digest)
    }

    private static func layout(_ file: String, _ line: Int, _ message: String) -> Problem {
        Problem(code: "not_edxml", file: file, line: line, element: "", message: message,
                hint: "only edXML packages (QCVN 102:2016) are accepted here")
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
