/// Number and notation (số, ký hiệu) of an outgoing document, Decree 30/2020 Art. 15:
/// numbers below 10 take a leading zero; the notation is `TYPE-AGENCY`, or for a công văn
/// (no type abbreviation) `AGENCY-UNIT`, the drafting unit's abbreviation.
public enum DocumentNotation {
    /// `05`, `15`, `123`.
    public static func number(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

    /// The notation after the slash: `QĐ-SKHCN`, or `SKHCN-VP` for a công văn.
    public static func notation(type: DocumentType, agency: String, unit: String?) -> String {
        if type.abbreviation.isEmpty {
            guard let unit, !unit.isEmpty else { return agency }
            return agency + "-" + unit
        }
        return type.abbreviation + "-" + agency
    }

    /// `15/QĐ-SKHCN`, `05/SKHCN-VP`.
    public static func full(number n: Int, type: DocumentType, agency: String, unit: String?) -> String {
        number(n) + "/" + notation(type: type, agency: agency, unit: unit)
    }

    /// The `DocumentId` of QCVN 102:2016: `OrganId,yyyy/MM/dd,number/notation`.
    public static func documentId(organId: String, date: CivilDate, numberAndNotation: String) -> String {
        organId + "," + EdXMLDates.text(date) + "," + numberAndNotation
    }
}
