/// The checks a package must pass before it is registered, as named problems. Errors
/// refuse the package (answered with status 02 and the first error's message); warnings
/// register it flagged. The limits are the ones field validators enforce.
public enum EdXMLValidation {
    /// Longest `Subject`, in characters.
    public static let maxSubject = 500
    /// Longest `AttachmentName`, in characters.
    public static let maxAttachmentName = 200

    /// Problems of a document package; `file` names it in each problem.
    public static func problems(of document: EdXMLDocument, file: String) -> [Problem] {
        var found = Found(file: file)
        let h = document.header
        found.required(h.from.organId, "From.OrganId")
        if h.to.isEmpty { found.error("missing_field", "To", "the package names no recipient (To)") }
        var seen: Set<String> = []
        for (i, organ) in h.to.enumerated() {
            found.required(organ.organId, "To[\(i + 1)].OrganId")
            if !organ.organId.isEmpty, !seen.insert(organ.organId).inserted {
                found.error("duplicate_recipient", "To[\(i + 1)].OrganId", "the recipient \(organ.organId) is listed twice",
                            hint: "list each recipient once")
            }
        }
        found.required(h.documentId, "DocumentId")
        found.required(h.codeNumber, "Code.CodeNumber")
        found.required(h.type, "DocumentType.Type")
        found.date(h.promulgationDate, "PromulgationInfo.PromulgationDate", required: true)
        found.required(h.subject, "Subject")
        if h.subject.count > maxSubject {
            found.error("subject_too_long", "Subject", "the subject has \(h.subject.count) characters; at most \(maxSubject) are allowed")
        }
        if let due = h.dueDate { found.date(due, "DueDate", required: false) }
        if let p = h.priority, !p.isEmpty, h.urgency == nil {
            found.error("invalid_code", "OtherInfo.Priority", "priority '\(p)' is not one of 0–4")
        }
        if let s = h.steeringType, !s.isEmpty, !["1", "2", "3"].contains(s) {
            found.error("invalid_code", "SteeringType", "steering type '\(s)' is not one of 1–3")
        }
        for (i, trace) in h.traces.enumerated() {
            found.timestamp(trace.timestamp, "TraceHeader[\(i + 1)].Timestamp")
        }
        if let business = h.business {
            if h.businessType == nil {
                found.error("invalid_code", "Bussiness.BussinessDocType", "business type '\(business.docType)' is not one of 0–3")
            } else if h.businessType != .new {
                found.required(business.documentId, "Bussiness.DocumentId")
            }
        }
        for (i, reference) in document.manifest.enumerated() {
            found.required(reference.contentId, "edXMLManifest.Reference[\(i + 1)].ContentId")
            found.attachmentName(reference.attachmentName ?? "", "edXMLManifest.Reference[\(i + 1)].AttachmentName")
            if !document.attachments.contains(where: { $0.contentId == reference.contentId }) {
                found.warning("attachment_missing", "edXMLManifest.Reference[\(i + 1)]",
                              "the manifest lists \(reference.contentId) but no attachment carries it")
            }
        }
        for (i, attachment) in document.attachments.enumerated() {
            found.attachmentName(attachment.attachmentName, "Attachment[\(i + 1)].AttachmentName")
        }
        return found.problems
    }

    /// Problems of a status package.
    public static func problems(of status: EdXMLStatus, file: String) -> [Problem] {
        var found = Found(file: file)
        found.required(status.from.organId, "From.OrganId")
        found.required(status.responseFor.documentId, "ResponseFor.DocumentId")
        if status.code == nil {
            found.error("unknown_status_code", "StatusCode", "status code '\(status.statusCode)' is not one of 01–06, 13, 15, 16")
        }
        found.timestamp(status.timestamp, "Timestamp")
        return found.problems
    }

    /// Accumulates problems for one package.
    private struct Found {
        let file: String
        var problems: [Problem] = []

        mutating func error(_ code: String, _ element: String, _ message: String, hint: String? = nil) {
            problems.append(Problem(.error, code: code, file: file, line: nil, element: element, message: message, hint: hint))
        }

        mutating func warning(_ code: String, _ element: String, _ message: String) {
            problems.append(Problem(.warning, code: code, file: file, line: nil, element: element, message: message))
        }

        mutating func required(_ value: String, _ element: String) {
            if value.allSatisfy(\.isWhitespace) { error("missing_field", element, "\(element) is required") }
        }

        mutating func date(_ value: String, _ element: String, required: Bool) {
            if value.isEmpty {
                if required { error("missing_field", element, "\(element) is required") }
            } else if EdXMLDates.date(value) == nil {
                error("invalid_date", element, "'\(value)' is not a date as yyyy/MM/dd")
            }
        }

        mutating func timestamp(_ value: String, _ element: String) {
            if EdXMLDates.timestamp(value) == nil {
                error("invalid_timestamp", element, "'\(value)' is not a timestamp as yyyy/MM/dd HH:mm:ss")
            }
        }

        mutating func attachmentName(_ name: String, _ element: String) {
            if name.count > EdXMLValidation.maxAttachmentName {
                error("attachment_name_too_long", element,
                      "the attachment name has \(name.count) characters; at most \(EdXMLValidation.maxAttachmentName) are allowed")
            }
        }
    }
}
