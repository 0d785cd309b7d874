public import MotCuaCore
public import MotCuaStore

/// A register book's lines as the table its direction prints: the incoming register
/// (`RegisterRow`) or the outgoing one (`OutgoingRegisterRow`). The API's JSON and CSV and
/// the console's printable book are all written from it.
public struct RegisterTable: Sendable {
    /// Every column's heading, the printed ones first.
    public let headings: [String]
    /// The cells of each line under `headings`.
    public let rows: [[String]]
    /// How many leading columns the printed book has (the rest, the case code and its
    /// state, are for the CSV and the API): ten in both books.
    public let printed = 10
    let json: [JSONValue]

    /// The table of `lines` of a book of `direction`.
    public init(lines: [RegisterLine], direction: RegisterBook.Direction, organization: Organization, calendar: WorkingCalendar) {
        switch direction {
        case .incoming:
            let rows = lines.map { RegisterRow(line: $0, organization: organization, calendar: calendar) }
            (headings, self.rows, json) = (RegisterRow.headings, rows.map(\.cells), rows.map(\.json))
        case .outgoing:
            let rows = lines.map { OutgoingRegisterRow(line: $0, organization: organization, calendar: calendar) }
            (headings, self.rows, json) = (OutgoingRegisterRow.headings, rows.map(\.cells), rows.map(\.json))
        }
    }

    /// The book as CSV (`CSVText`), every column.
    public var csv: String { CSVText.document(headings: headings, rows: rows) }

    /// The printed book's headings.
    public var printedHeadings: [String] { Array(headings.prefix(printed)) }

    /// The printed book's cells of each line.
    public var printedRows: [[String]] { rows.map { Array($0.prefix(printed)) } }
}
