import MotCuaCore
import MotCuaXML
import Testing

@Suite("edXML: the SDK's sample packages")
struct EdXMLSampleTests {
    @Test("edoc.edxml: every header field, trace, manifest, the undeclared prefixes tolerated")
    func document() throws {
        let reading = try EdXMLReader.read(try Samples.edxml("edoc.edxml"), file: "edoc.edxml")
        guard case .document(let d) = reading.package else { Issue.record("not a document"); return }
        let h = d.header
        #expect(h.from == EdXMLOrgan(organId: "002.00.20.H13", organName: "Văn phòng Chính phủ",
                                     organizationInCharge: "Văn phòng Chính phủ",
                                     organAdd: "Số 1 Hoàng Hoa Thám, Quận Ba Đình, Hà Nội", email: "vpcp@gov.vn",
                                     telephone: "8043100", fax: "04", website: "vpcp.vn"))
        #expect(h.to == [EdXMLOrgan(organId: "000.00.15.H51", organName: "Trung tâm test production 02323232323",
                                    organAdd: "185 Giảng Võ - Đống Đa - Hà Nội", email: "sotttt@ict-hanoi.gov.vn",
                                    telephone: "(04)35123536", fax: "(04)37366617", website: "http://www.ict-hanoi.gov.vn")])
        #expect(h.codeNumber == "12234555512")
        #expect(h.codeNotation == "PRO-TEST-CASE1")
        #expect(h.numberAndNotation == "12234555512/PRO-TEST-CASE1")
        #expect(h.place == "Hà Nội")
        #expect(h.promulgationDate == "2019/01/17")
        #expect(h.type == "1")
        #expect(h.typeDetail == nil)
        #expect(h.typeName == "Thông tư")
        #expect(h.subject == "Văn bản liên thông chỉ đạo - 190701")
        #expect(h.content == "test gửi liên thông vpcp")
        #expect(h.signerCompetence == "Quyền 1")
        #expect(h.signerPosition == "Bộ trưởng")
        #expect(h.signerFullName == "Trương Minh Tuấn")
        #expect(h.dueDate == "2018/06/25")
        #expect(h.toPlaces == ["Các bộ"])
        #expect(h.priority == "0")
        #expect(h.urgency == .normal)
        #expect(h.sphereOfPromulgation == "Lưu hành nội bộ")
        #expect(h.typerNotation == "TVC")
        #expect(h.promulgationAmount == "10")
        #expect(h.pageAmount == "2")
        #expect(h.appendixes == ["Phụ lục"])
        // The empty ResponseFor block is no reference; the commented-out one is not read.
        #expect(h.responseFor.isEmpty)
        #expect(h.steeringType == "1")
        #expect(h.documentId == "9fbfbad2-f1f8-4256-a2eb-50fb1061cddb")
        #expect(h.traces == [EdXMLTrace(organId: "01.02.G22", timestamp: "2018/06/20 16:35:56")])
        #expect(h.business == nil)
        #expect(h.businessType == .new)
        #expect(d.manifest == [EdXMLReference(contentId: "cid:36b8a92e-f054-11e7-842b-005056b672fc",
                                              description: "Description 1",
                                              attachmentName: "GUIDE_INSTALL OPENVPN.SIGNED.PDF")])
        // The attachment carries a JMeter placeholder instead of base64: named, not registered.
        #expect(d.attachments.isEmpty)
        let error = try #require(reading.firstError)
        #expect(error.code == "attachment_not_base64")
        #expect(error.line == 130)
        #expect(error.message.contains("'$'"))
        // The undeclared xlink: and edXML: prefixes are warnings with their lines, not refusals.
        let prefixes = reading.problems.filter { $0.code == "undeclared_prefix" }
        #expect(prefixes.contains { $0.line == 116 && $0.message.contains("xlink") })
        #expect(prefixes.contains { $0.line == 125 && $0.message.contains("AttachmentEncoded") })
        #expect(prefixes.allSatisfy { $0.severity == .warning })
        // Its signature does not verify (xmlsec1 agrees: SignatureTests).
        guard case .invalid = d.signature else { Issue.record("signature \(d.signature)"); return }
    }

    @Test("the four status packages: organ, reference, staff, code, description, timestamp")
    func statuses() throws {
        let expected: [(String, EdXMLStatusCode, String)] = [
            ("status_rejection_02.edxml", .refused,
             "Văn thư - Phòng Văn thư - Lưu trữ: Từ chối không tiếp nhận văn bản điện tử"),
            ("status_acceptance_03.edxml", .accepted,
             "Văn thư cơ - Phòng Văn thư - Lưu trữ: Tiếp nhận văn bản điện tử, vào sổ văn bản đến của đơn vị"),
            ("status_processing_05.edxml", .processing, "Đang xử lý văn bản đến"),
            ("status_finish_06.edxml", .finished, "Văn thư: Ban hành văn bản đến, hoàn thành xử lý"),
        ]
        for (file, code, description) in expected {
            let reading = try EdXMLReader.read(try Samples.edxml(file), file: file)
            guard case .status(let s) = reading.package else { Issue.record("\(file) is not a status"); continue }
            #expect(reading.problems.isEmpty, "\(file): \(reading.problems)")
            #expect(s.code == code)
            #expect(s.description == description)
            #expect(s.timestamp == "2015/09/20 11:08:36")
            #expect(s.from == EdXMLOrgan(organId: "000.00.00.H41", organName: "UBND Tỉnh Nghệ An",
                                         organizationInCharge: "UBND Tỉnh Nghệ An",
                                         organAdd: "Số 03, đường Trường Thi, Thành phố Vinh, Tỉnh Nghệ An, Việt Nam",
                                         email: "nghean@gov.vn", telephone: "0383 840418", fax: "0383 843049",
                                         website: "www.nghean.vn"))
            #expect(s.responseFor == EdXMLResponseFor(organId: "000.00.00.G22", code: "7816/VPCP-TTĐT",
                                                      promulgationDate: "2015/09/30",
                                                      documentId: "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT"))
            #expect(s.staff == EdXMLStaff(department: "Phong hanh chinh", staff: "Nguyen thi ngoc tram",
                                          mobile: "84912000001", email: "ngoctram@nghean.vn"))
        }
    }

    @Test("edoc_new.edxml is refused with an error naming the four stray bytes")
    func strayBytes() throws {
        let bytes = try Samples.edxml("edoc_new.edxml")
        #expect(throws: Problem.self) { try EdXMLReader.read(bytes, file: "edoc_new.edxml") }
        do {
            _ = try EdXMLReader.read(bytes, file: "edoc_new.edxml")
        } catch {
            #expect(error.code == "xml_stray_bytes")
            #expect(error.message.contains("4 stray bytes"))
            #expect(error.message.contains("\"1212\""))
            #expect(error.line == 1)
        }
        // Without them, the same package reads: the 360 KB attachment decodes and is hashed.
        let reading = try EdXMLReader.read(Array(bytes.dropFirst(4)), file: "edoc_new.edxml")
        guard case .document(let d) = reading.package else { Issue.record("not a document"); return }
        #expect(d.header.subject == "V/v kết nối, liên thông phần mềm quản lý văn bản")
        #expect(d.header.toPlaces == ["Cac bo va co quan ngang bo", "Uy ban nhan dan cac tinh, TP"])
        #expect(d.header.business == EdXMLBusiness(
            documentId: "000.00.00.G22,2014/02/30,7806/VPCP-TTĐT", docType: "0", reason: "Văn bản điện tử mới", paper: "0",
            staff: EdXMLStaff(department: "Văn thư văn phòng", staff: "Nguyễn Thị Ngọc Trâm",
                              mobile: "84912000001", email: "vanthuvanphong@gov.vn")))
        #expect(d.attachments.count == 1)
        let attachment = try #require(d.attachments.first)
        #expect(attachment.contentId == "cid:209")
        #expect(attachment.attachmentName == "1896_QD-TTg_m_294779.doc")
        // A zip file: PK\x03\x04 … and the end-of-central-directory record.
        #expect(attachment.content.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        #expect(attachment.content.suffix(22).starts(with: [0x50, 0x4B, 0x05, 0x06]))
        #expect(attachment.sha256.count == 64)
        // Its Signature element sits in the edXML default namespace, not XML-DSig's.
        guard case .invalid(let reason) = d.signature else { Issue.record("signature \(d.signature)"); return }
        #expect(reason.contains("namespace"))
    }
}
