public import Foundation
public import MotCuaCore
public import MotCuaStore

/// One line of the incoming register (sổ đăng ký văn bản đến, Decree 30/2020 Appendix IV)
/// with its columns: Ngày đến, Số đến, Tác giả, Số ký hiệu, Ngày tháng văn bản, Tên loại và
/// trích yếu, Đơn vị hoặc người nhận, Ngày chuyển, Ký nhận (signed on paper: left empty),
/// Ghi chú — plus the case code and its state, which the printed book does not have. The
/// API's JSON and CSV and the console's printable book are written from it.
public struct RegisterRow: Sendable {
    var number: Int
    var arrived: String
    var author: String
    var numberAndNotation: String
    var documentDate: String
    var typeAndSubject: String
    var recipient: String
    var passedOn: String
    var notes: String
    var code: String
    var state: String
    /// Thời hạn giải quyết, `dd/MM/yyyy`, or empty.
    var deadline: String

    /// The row of a register line.
    public init(line: RegisterLine, organization: Organization, calendar: WorkingCalendar) {
        let d = line.dossier
        let document = d.document
        let header = document?.header
        number = line.number
        arrived = Self.day(line.registeredAt, calendar)
        author = header.map { $0.from.organName ?? $0.from.organId } ?? d.applicant.name
        numberAndNotation = header?.numberAndNotation ?? ""
        documentDate = Self.civil(header?.promulgationDate ?? "")
        typeAndSubject = [header?.typeName, d.summary].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " — ")
        let lead = document?.lead.map { code in organization.departments.first { $0.code == code }?.name ?? code }
        // The officer handling it, or who handled it once the case is closed.
        let handler = d.assignee ?? d.stepAssignees.sorted { $0.key < $1.key }.last?.value
        recipient = [lead, handler?.name].compactMap { $0 }.joined(separator: ", ")
        passedOn = document?.passedOnAt.map { Self.day($0, calendar) } ?? ""
        var notes: [String] = []
        if let priority = header?.urgency, priority != .normal { notes.append(priority.marking) }
        if let original = document?.duplicateOf { notes.append("Trùng với \(original)") }
        if case .invalid = document?.signature { notes.append("Chữ ký số không hợp lệ") }
        if document?.contentDestroyed == true { notes.append("Đã thu hồi, nội dung đã hủy") }
        if let original = document?.supersedes {
            notes.append("\(header?.businessType == .update ? "Cập nhật" : "Thay thế") văn bản \(original)")
        }
        if let later = document?.supersededBy { notes.append("Đã được thay bằng \(later)") }
        self.notes = notes.joined(separator: "; ")
        code = d.code
        state = d.state
        deadline = d.dueAt.map { Self.day($0, calendar) } ?? ""
    }

    /// The tracking register's headings (sổ theo dõi giải quyết văn bản đến).
    public static let trackingHeadings = ["Số đến", "Tên loại, số và ký hiệu, ngày tháng, tác giả", "Đơn vị hoặc người giải quyết",
                                          "Thời hạn giải quyết", "Tiến độ giải quyết", "Số, ký hiệu văn bản trả lời", "Ghi chú"]

    /// The tracking register's cells; `progress` is the state's label, `reply` the number
    /// and notation of the documents that answer it.
    public func trackingCells(progress: String, reply: String = "") -> [String] {
        let what = [typeAndSubject.components(separatedBy: " — ").first ?? "", numberAndNotation, documentDate, author]
            .filter { !$0.isEmpty }.joined(separator: ", ")
        return [DocumentNotation.number(number), what, recipient, deadline, progress, reply, notes]
    }

    /// An edXML date (`yyyy/MM/dd`) as the books write it, `dd/MM/yyyy`; any other text as it is.
    static func civil(_ text: String) -> String {
        guard let c = EdXMLDates.date(text)?.components else { return text }
        return "\(Digits.pad(c.day, 2))/\(Digits.pad(c.month, 2))/\(c.year)"
    }

    /// `dd/MM/yyyy` in the calendar's zone.
    static func day(_ instant: Date, _ calendar: WorkingCalendar) -> String {
        let c = calendar.local(instant).date.components
        return "\(Digits.pad(c.day, 2))/\(Digits.pad(c.month, 2))/\(c.year)"
    }

    /// The column headings, in the book's order.
    public static let headings = ["Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung",
                           "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận", "Ghi chú", "Mã hồ sơ văn bản", "Trạng thái"]

    /// The cells under `headings`.
    public var cells: [String] {
        [arrived, DocumentNotation.number(number), author, numberAndNotation, documentDate, typeAndSubject, recipient, passedOn, "", notes,
         code, state]
    }

    var json: JSONValue {
        .ordered([
            ("number", .int(number)), ("arrived", .string(arrived)), ("author", .string(author)),
            ("numberAndNotation", .string(numberAndNotation)), ("documentDate", .string(documentDate)),
            ("typeAndSubject", .string(typeAndSubject)), ("recipient", .string(recipient)), ("passedOn", .string(passedOn)),
            ("notes", .string(notes)), ("code", .string(code)), ("state", .string(state)),
        ])
    }
}
