import Foundation
import MotCuaCore
import Testing

@Suite("Status answers and duplicate keys")
struct StatusAnswerTests {
    static func header(organ: String = "000.00.32.H58", number: String = "15", notation: String = "QĐ-SKHCN",
                       id: String = "000.00.32.H58,2026/11/27,15/QĐ-SKHCN") -> EdXMLHeader {
        EdXMLHeader(from: EdXMLOrgan(organId: organ), to: [EdXMLOrgan(organId: "000.00.33.H58")], documentId: id,
                    codeNumber: number, codeNotation: notation, promulgationDate: "2026/11/27", type: "2", subject: "Về việc")
    }

    @Test("the answer names the document as it was sent and stamps Vietnam's local time")
    func answer() throws {
        // 2026-12-31 17:30:05 UTC is 1 January 2027, 00:30:05 in Vietnam.
        let now = try #require(Timestamp.parse("2026-12-31T17:30:05Z"))
        let me = EdXMLOrgan(organId: "000.00.33.H58", organName: "Sở Tài chính")
        let status = StatusAnswer.answer(Self.header(), from: me, staff: EdXMLStaff(staff: "Lê Văn Cường"), code: .accepted,
                                         description: nil, at: now)
        #expect(status.from == me)
        #expect(status.responseFor == EdXMLResponseFor(organId: "000.00.32.H58", code: "15/QĐ-SKHCN",
                                                       promulgationDate: "2026/11/27",
                                                       documentId: "000.00.32.H58,2026/11/27,15/QĐ-SKHCN"))
        #expect(status.statusCode == "03")
        #expect(status.description == "Đã vào sổ")
        #expect(status.timestamp == "2027/01/01 00:30:05")
        #expect(EdXMLValidation.problems(of: status, file: "x").isEmpty)
        let refused = StatusAnswer.answer(Self.header(), from: me, staff: nil, code: .refused,
                                          description: "Chữ ký số không hợp lệ", at: now)
        #expect(refused.statusCode == "02")
        #expect(refused.description == "Chữ ký số không hợp lệ")
    }

    @Test("duplicates: the same DocumentId, or the same organ, number and notation whatever the case and spacing")
    func duplicates() {
        let original = DuplicateKeys(Self.header())
        #expect(DuplicateKeys(Self.header(number: "99", notation: "X")).duplicate(of: original)?.contains("DocumentId") == true)
        #expect(DuplicateKeys(Self.header(number: " 15", notation: "qđ-skhcn ", id: "other")).duplicate(of: original)
                == "the same number, notation and issuing organ")
        #expect(DuplicateKeys(Self.header(organ: "000.00.34.H58", id: "other")).duplicate(of: original) == nil)
        #expect(DuplicateKeys(Self.header(number: "16", id: "other")).duplicate(of: original) == nil)
        // Two documents without an id are not duplicates for that reason alone.
        #expect(DuplicateKeys(Self.header(number: "1", id: "")).duplicate(of: DuplicateKeys(Self.header(number: "2", id: ""))) == nil)
    }
}
