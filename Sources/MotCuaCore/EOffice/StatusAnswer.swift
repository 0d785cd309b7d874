public import Foundation

/// The status package an agency sends back about a document it received (01 on arrival, 02
/// with the reason when refused, 03 registered, 04 assigned, 05 in hand, 06 finished, 15/16
/// on a recall or update). Pure: the time comes in.
public enum StatusAnswer {
    /// The answer to `header` from `organ`, stamped with `now` in Vietnam time (UTC+7).
    public static func answer(_ header: EdXMLHeader, from organ: EdXMLOrgan, staff: EdXMLStaff?, code: EdXMLStatusCode,
                              description: String?, at now: Date) -> EdXMLStatus {
        let local = now.addingTimeInterval(7 * 3600).timeIntervalSince1970
        let day = CivilDate(dayNumber: Int((local / 86_400).rounded(.down)))
        let seconds = Int(local - Double(day.dayNumber) * 86_400)
        return EdXMLStatus(
            from: organ,
            responseFor: EdXMLResponseFor(organId: header.from.organId, code: header.numberAndNotation,
                                          promulgationDate: header.promulgationDate, documentId: header.documentId),
            staff: staff, statusCode: code.rawValue, description: description ?? code.label,
            timestamp: EdXMLDates.text(day, seconds: seconds))
    }
}
