public import Foundation
public import MotCuaCore
public import MotCuaStore

/// One line of the outgoing register (sổ đăng ký văn bản đi, Decree 30/2020 Appendix IV)
/// with its columns: Số, ký hiệu văn bản; Ngày tháng văn bản; Tên loại và trích yếu nội
/// dung; Người ký; Nơi nhận văn bản; Đơn vị, người nhận bản lưu; Số lượng bản; Ngày chuyển;
/// Ký nhận (signed on paper: left empty); Ghi chú — plus the case code and its state.
public struct OutgoingRegisterRow: Sendable {
    var number: Int
    var numberAndNotation: String
    var documentDate: String
    var typeAndSubject: String
    var signer: String
    var recipients: String
    var keptBy: String
    var copies: Int
    var sentOn: String
    var notes: String
    var code: String
    var state: String

    /// The row of a register line of an outgoing book.
    public init(line: RegisterLine, organization: Organization, calendar: WorkingCalendar) {
        let d = line.dossier
        let document = d.document
        let header = document?.header
        number = line.number
        numberAndNotation = header?.numberAndNotation ?? DocumentNotation.number(line.number)
        documentDate = RegisterRow.civil(header?.promulgationDate ?? "")
        typeAndSubject = [header?.typeName, d.summary].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " — ")
        signer = [header?.signerPosition, header?.signerFullName].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " ")
        let to = header?.to ?? []
        recipients = to.map { $0.organName ?? $0.organId }.joined(separator: "; ")
        // Kept on file (Decree 30, Art. 15): the original with the clerk (Văn thư, VT), a copy
        // with the drafting unit.
        let unit = document?.lead.map { code in organization.departments.first { $0.code == code }?.name ?? code }
        keptBy = ["Văn thư", unit].compactMap { $0 }.joined(separator: "; ")
        copies = to.count + (unit == nil ? 1 : 2)
        sentOn = RegisterRow.day(line.registeredAt, calendar)
        var notes: [String] = []
        if let priority = header?.urgency, priority != .normal { notes.append(priority.marking) }
        if let reason = document?.recallReason { notes.append("Đã thu hồi: \(reason)") }
        self.notes = notes.joined(separator: "; ")
        code = d.code
        state = d.state
    }

    /// The column headings, in the book's order.
    public static let headings = ["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung", "Người ký",
                                  "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận",
                                  "Ghi chú", "Mã hồ sơ văn bản", "Trạng thái"]

    /// The cells under `headings`.
    public var cells: [String] {
        [numberAndNotation, documentDate, typeAndSubject, signer, recipients, keptBy, String(copies), sentOn, "", notes, code, state]
    }

    var json: JSONValue {
        .ordered([
            ("number", .int(number)), ("numberAndNotation", .string(numberAndNotation)), ("documentDate", .string(documentDate)),
            ("typeAndSubject", .string(typeAndSubject)), ("signer", .string(signer)), ("recipients", .string(recipients)),
            ("keptBy", .string(keptBy)), ("copies", .int(copies)), ("sentOn", .string(sentOn)), ("notes", .string(notes)),
            ("code", .string(code)), ("state", .string(state)),
        ])
    }
}
