import Crypto
import MotCuaCore
import MotCuaXML
import Testing

@Suite("edXML: writing and reading back, validation")
struct EdXMLRoundTripTests {
    private func read(_ bytes: [UInt8]) throws -> (EdXMLReading, EdXMLDocument) {
        let reading = try EdXMLReader.read(bytes)
        guard case .document(let d) = reading.package else { throw Problem(code: "t", file: "", line: nil, element: "", message: "status") }
        return (reading, d)
    }

    @Test("a document with every field is read back field for field, attachment bytes and digest included")
    func document() throws {
        var content = [UInt8]()
        for i in 0..<10_000 { content.append(UInt8(truncatingIfNeeded: i &* 31 &+ i >> 3)) }
        let original = EdXMLFixtures.document(attachment: content)
        let bytes = EdXMLWriter.package(original)
        let (reading, back) = try read(bytes)
        #expect(reading.problems.isEmpty, "\(reading.problems)")
        #expect(back.header == original.header)
        #expect(back.manifest == original.manifest)
        #expect(back.attachments.count == 1)
        #expect(back.attachments[0].content == content)
        let digest = SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()
        #expect(back.attachments[0].sha256 == digest)
        #expect(back.signature == .absent)
        // The written package declares its prefix once, on the root.
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("<edXML:edXML xmlns:edXML=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">"))
        #expect(text.components(separatedBy: "xmlns:edXML").count == 2)
        // The package digest is the axis's hash-file, and a wrong one is refused.
        #expect(reading.sha256 == SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
        #expect(throws: Problem.self) { try EdXMLReader.read(bytes, expectedSHA256: String(repeating: "0", count: 64)) }
        #expect(try EdXMLReader.read(bytes, expectedSHA256: reading.sha256.uppercased()).problems.isEmpty)
    }

    @Test("a status package is read back field for field")
    func status() throws {
        let reading = try EdXMLReader.read(EdXMLWriter.package(EdXMLFixtures.status))
        #expect(reading.package == .status(EdXMLFixtures.status))
        #expect(reading.problems.isEmpty)
    }

    @Test("named errors: subject and attachment name lengths, duplicate recipients, dates, codes")
    func validation() throws {
        var d = EdXMLFixtures.document()
        d.header.subject = String(repeating: "ệ", count: 501)
        d.header.to.append(EdXMLFixtures.agencyB)
        d.header.promulgationDate = "2026/02/30"
        d.header.dueDate = "15/12/2026"
        d.header.priority = "9"
        d.header.traces[0].timestamp = "2026-11-27T09:15:00"
        d.manifest[0].attachmentName = String(repeating: "a", count: 201)
        let (reading, _) = try read(EdXMLWriter.package(d))
        let codes = reading.problems.filter { $0.severity == .error }.map { "\($0.code) \($0.element)" }
        #expect(codes.contains("subject_too_long Subject"))
        #expect(codes.contains("duplicate_recipient To[3].OrganId"))
        #expect(codes.contains("invalid_date PromulgationInfo.PromulgationDate"))
        #expect(codes.contains("invalid_date DueDate"))
        #expect(codes.contains("invalid_code OtherInfo.Priority"))
        #expect(codes.contains("invalid_timestamp TraceHeader[1].Timestamp"))
        #expect(codes.contains("attachment_name_too_long edXMLManifest.Reference[1].AttachmentName"))
        // At the limits exactly: no error.
        var ok = EdXMLFixtures.document()
        ok.header.subject = String(repeating: "ệ", count: 500)
        ok.manifest[0].attachmentName = String(repeating: "a", count: 200)
        #expect(try read(EdXMLWriter.package(ok)).0.problems.isEmpty)
        // Missing required fields.
        var empty = EdXMLFixtures.document()
        empty.header.to = []
        empty.header.subject = " "
        empty.header.from.organId = ""
        let missing = try read(EdXMLWriter.package(empty)).0.problems.map { "\($0.code) \($0.element)" }
        #expect(missing.contains("missing_field To"))
        #expect(missing.contains("missing_field Subject"))
        #expect(missing.contains("missing_field From.OrganId"))
        // A status code nobody has confirmed is refused, not guessed.
        var status = EdXMLFixtures.status
        status.statusCode = "07"
        let problems = try EdXMLReader.read(EdXMLWriter.package(status)).problems
        #expect(problems.map(\.code) == ["unknown_status_code"])
    }

    @Test("truncated or corrupted base64 is named with the attachment; nothing is registered from it")
    func base64() throws {
        let bytes = EdXMLWriter.package(EdXMLFixtures.document(attachment: Array(repeating: 0x41, count: 100)))
        var text = String(decoding: bytes, as: UTF8.self)
        let range = try #require(text.range(of: "</edXML:ContentTransferEncoded>"))
        text.replaceSubrange(text.index(range.lowerBound, offsetBy: -3)..<range.lowerBound, with: "")
        let (reading, d) = try read(Array(text.utf8))
        let error = try #require(reading.firstError)
        #expect(error.code == "attachment_not_base64")
        #expect(error.message.contains("truncated"))
        #expect(d.attachments.isEmpty)
        let corrupt = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "QUFB", with: "QU*B")
        #expect(try read(Array(corrupt.utf8)).0.firstError?.message.contains("'*'") == true)
    }

    @Test("documents in another namespace, or with a wrong root, are refused as not edXML")
    func notEdXML() throws {
        for text in ["<edXML xmlns=\"urn:other\"><edXMLEnvelope/></edXML>", "<html/>", "<edXML/>"] {
            #expect(throws: Problem.self) { try EdXMLReader.read(Array(text.utf8)) }
        }
        // Any prefix for the edXML namespace reads the same.
        let written = String(decoding: EdXMLWriter.package(EdXMLFixtures.status), as: UTF8.self)
            .replacingOccurrences(of: "edXML:", with: "q:").replacingOccurrences(of: "xmlns:edXML", with: "xmlns:q")
        #expect(try EdXMLReader.read(Array(written.utf8)).package == .status(EdXMLFixtures.status))
    }
}
