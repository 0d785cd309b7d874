/// The `MessageHeader` of a document package: every field of QCVN 102:2016 that the
/// national SDK writes, as text the way the sender wrote it (validation says what is wrong
/// with it; the register keeps what arrived).
public struct EdXMLHeader: Sendable, Hashable, Codable {
    /// The sending organ.
    public var from: EdXMLOrgan
    /// The recipients, in order.
    public var to: [EdXMLOrgan]
    /// The document's identifier (`OrganId,yyyy/MM/dd,number/notation` by convention).
    public var documentId: String
    /// Number (`CodeNumber`).
    public var codeNumber: String
    /// Notation (`CodeNotation`), e.g. `VPCP-TTĐT`.
    public var codeNotation: String
    /// Place of promulgation.
    public var place: String?
    /// Promulgation date as written (`yyyy/MM/dd`).
    public var promulgationDate: String
    /// Document type code (`DocumentType/Type`).
    public var type: String
    /// `DocumentType/TypeDetail`.
    public var typeDetail: String?
    /// The type's name, e.g. `Công văn`.
    public var typeName: String?
    /// Trích yếu: at most 500 characters.
    public var subject: String
    /// Content summary.
    public var content: String?
    /// Signer's competence (e.g. `TL. BỘ TRƯỞNG`).
    public var signerCompetence: String?
    /// Signer's position.
    public var signerPosition: String?
    /// Signer's full name.
    public var signerFullName: String?
    /// Handling deadline as written (`yyyy/MM/dd`), when the sender set one.
    public var dueDate: String?
    /// `OtherInfo/Priority` as written.
    public var priority: String?
    /// `OtherInfo/SphereOfPromulgation`.
    public var sphereOfPromulgation: String?
    /// `OtherInfo/TyperNotation`: initials of the typist.
    public var typerNotation: String?
    /// `OtherInfo/PromulgationAmount`: copies issued.
    public var promulgationAmount: String?
    /// `OtherInfo/PageAmount`.
    public var pageAmount: String?
    /// `OtherInfo/Direction`.
    public var direction: String?
    /// `OtherInfo/Appendixes/Appendix`, in order.
    public var appendixes: [String]
    /// `SteeringType` as written.
    public var steeringType: String?
    /// `ToPlaces/Place` (nơi nhận as printed), in order.
    public var toPlaces: [String]
    /// The documents this one answers (empty `ResponseFor` blocks are dropped).
    public var responseFor: [EdXMLResponseFor]
    /// `TraceHeaderList/TraceHeader`, in order.
    public var traces: [EdXMLTrace]
    /// `TraceHeaderList/Bussiness`: what kind of package this is; absent means a new document.
    public var business: EdXMLBusiness?

    /// A header with the required fields; the optional ones start empty.
    public init(from: EdXMLOrgan, to: [EdXMLOrgan], documentId: String, codeNumber: String, codeNotation: String,
                promulgationDate: String, type: String, subject: String) {
        self.from = from
        self.to = to
        self.documentId = documentId
        self.codeNumber = codeNumber
        self.codeNotation = codeNotation
        self.promulgationDate = promulgationDate
        self.type = type
        self.subject = subject
        appendixes = []
        toPlaces = []
        responseFor = []
        traces = []
    }

    /// Number and notation as printed: `7816/VPCP-TTĐT`.
    public var numberAndNotation: String {
        codeNumber.isEmpty ? codeNotation : codeNotation.isEmpty ? codeNumber : codeNumber + "/" + codeNotation
    }

    /// The urgency, when `priority` is one of the known codes.
    public var urgency: EdXMLPriority? { priority.flatMap { Int($0) }.flatMap(EdXMLPriority.init(rawValue:)) }

    /// The kind of package: new unless the trace header says otherwise.
    public var businessType: EdXMLBusinessType? {
        guard let raw = business?.docType else { return .new }
        return Int(raw).flatMap(EdXMLBusinessType.init(rawValue:))
    }
}

/// One `TraceHeader`: an organ the package passed through, and when.
public struct EdXMLTrace: Sendable, Hashable, Codable {
    /// The organ's code.
    public var organId: String
    /// When, as written (`yyyy/MM/dd HH:mm:ss`).
    public var timestamp: String

    /// A trace entry.
    public init(organId: String, timestamp: String) {
        self.organId = organId
        self.timestamp = timestamp
    }
}

/// `Bussiness` (sic, as the standard spells it): a new document, or a recall, update or
/// replacement of the one named by `documentId`.
public struct EdXMLBusiness: Sendable, Hashable, Codable {
    /// The document concerned.
    public var documentId: String
    /// `BussinessDocType` as written (0 new, 1 recall, 2 update, 3 replacement).
    public var docType: String
    /// Why, in words.
    public var reason: String?
    /// `Paper`: 1 when a paper copy also travels.
    public var paper: String?
    /// Who sent it.
    public var staff: EdXMLStaff?

    /// A business block.
    public init(documentId: String, docType: String, reason: String? = nil, paper: String? = nil, staff: EdXMLStaff? = nil) {
        self.documentId = documentId
        self.docType = docType
        self.reason = reason
        self.paper = paper
        self.staff = staff
    }
}
