import MotCuaCore

/// A document with every field set (Vietnamese text, markup characters), for round trips.
enum EdXMLFixtures {
    static let agencyA = EdXMLOrgan(organId: "000.00.32.H58", organName: "Sở Khoa học và Công nghệ tỉnh Bến Tre",
                                    organizationInCharge: "UBND tỉnh Bến Tre", organAdd: "Số 1 <Đồng Khởi> & Co",
                                    email: "skhcn@bentre.gov.vn", telephone: "0275 3822 000", fax: "0275 3822 001",
                                    website: "https://skhcn.bentre.gov.vn")
    static let agencyB = EdXMLOrgan(organId: "000.00.33.H58", organName: "Sở Tài chính tỉnh Bến Tre")
    static let agencyC = EdXMLOrgan(organId: "000.00.34.H58", organName: "Sở Nội vụ \"tỉnh\" Bến Tre")

    static func document(attachment: [UInt8] = Array("Nội dung tệp đính kèm\n".utf8)) -> EdXMLDocument {
        var h = EdXMLHeader(from: agencyA, to: [agencyB, agencyC],
                            documentId: "000.00.32.H58,2026/11/27,15/QĐ-SKHCN", codeNumber: "15", codeNotation: "QĐ-SKHCN",
                            promulgationDate: "2026/11/27", type: "2", subject: "Về việc phê duyệt kế hoạch năm 2027 <dự thảo> & phụ lục")
        h.place = "Bến Tre"
        h.typeDetail = "0"
        h.typeName = "Quyết định"
        h.content = "Phê duyệt kế hoạch\nhai dòng"
        h.signerCompetence = "KT. GIÁM ĐỐC"
        h.signerPosition = "Phó Giám đốc"
        h.signerFullName = "Nguyễn Văn An"
        h.dueDate = "2026/12/15"
        h.priority = "2"
        h.sphereOfPromulgation = "Liên thông văn bản quốc gia"
        h.typerNotation = "NVA"
        h.promulgationAmount = "5"
        h.pageAmount = "3"
        h.direction = "false"
        h.appendixes = ["Phụ lục I", "Phụ lục II"]
        h.steeringType = "2"
        h.toPlaces = ["Như trên", "Lưu: VT, KHTC"]
        h.responseFor = [EdXMLResponseFor(organId: "000.00.33.H58", code: "44/STC-NS", promulgationDate: "2026/11/01",
                                          documentId: "000.00.33.H58,2026/11/01,44/STC-NS")]
        h.traces = [EdXMLTrace(organId: "000.00.32.H58", timestamp: "2026/11/27 09:15:00")]
        h.business = EdXMLBusiness(documentId: "000.00.32.H58,2026/11/27,15/QĐ-SKHCN", docType: "0",
                                   reason: "Văn bản điện tử mới", paper: "0",
                                   staff: EdXMLStaff(department: "Văn phòng", staff: "Trần Thị Bình", mobile: "0912000000",
                                                     email: "vanthu@bentre.gov.vn"))
        let sha = "" // filled by the reader; compared separately
        return EdXMLDocument(
            header: h,
            manifest: [EdXMLReference(contentId: "cid:1", contentType: "application/pdf", description: "Quyết định",
                                      attachmentName: "15-QD-SKHCN.pdf")],
            attachments: [EdXMLAttachment(contentId: "cid:1", attachmentName: "15-QD-SKHCN.pdf", description: "Quyết định",
                                          contentType: "application/pdf", content: attachment, sha256: sha)])
    }

    static let status = EdXMLStatus(
        from: agencyB,
        responseFor: EdXMLResponseFor(organId: "000.00.32.H58", code: "15/QĐ-SKHCN", promulgationDate: "2026/11/27",
                                      documentId: "000.00.32.H58,2026/11/27,15/QĐ-SKHCN"),
        staff: EdXMLStaff(department: "Văn thư", staff: "Lê Văn Cường", mobile: "0913000000", email: "vt@stc.gov.vn"),
        statusCode: "03", description: "Đã vào sổ văn bản đến số 120", timestamp: "2026/11/27 10:00:05")
}
