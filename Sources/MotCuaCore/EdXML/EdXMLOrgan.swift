/// An agency as an edXML package names it (`From`, `To`): the organ code on the national
/// axis and its contact fields as the sender wrote them.
public struct EdXMLOrgan: Sendable, Equatable, Hashable, Codable {
    /// The organ code on the national axis, e.g. `000.00.00.H41`.
    public var organId: String
    /// The organ's name.
    public var organName: String?
    /// The organization in charge.
    public var organizationInCharge: String?
    /// Postal address.
    public var organAdd: String?
    /// E-mail address.
    public var email: String?
    /// Telephone.
    public var telephone: String?
    /// Fax.
    public var fax: String?
    /// Web site.
    public var website: String?

    /// An organ with its code and any contact fields.
    public init(organId: String, organName: String? = nil, organizationInCharge: String? = nil, organAdd: String? = nil,
                email: String? = nil, telephone: String? = nil, fax: String? = nil, website: String? = nil) {
        self.organId = organId
        self.organName = organName
        self.organizationInCharge = organizationInCharge
        self.organAdd = organAdd
        self.email = email
        self.telephone = telephone
        self.fax = fax
        self.website = website
    }
}

/// The officer who acted (`StaffInfo` in trace headers and status packages).
public struct EdXMLStaff: Sendable, Hashable, Codable {
    /// Department.
    public var department: String?
    /// The officer's name.
    public var staff: String?
    /// Mobile number.
    public var mobile: String?
    /// E-mail address.
    public var email: String?

    /// Staff information with any fields.
    public init(department: String? = nil, staff: String? = nil, mobile: String? = nil, email: String? = nil) {
        self.department = department
        self.staff = staff
        self.mobile = mobile
        self.email = email
    }
}

/// The document a package answers or relates to (`ResponseFor`).
public struct EdXMLResponseFor: Sendable, Hashable, Codable {
    /// The issuing organ's code.
    public var organId: String
    /// The document's number and notation, e.g. `7816/VPCP-TTĐT`.
    public var code: String
    /// Promulgation date as written (`yyyy/MM/dd`).
    public var promulgationDate: String
    /// The document's identifier (`OrganId,yyyy/MM/dd,number/notation`).
    public var documentId: String

    /// A reference with everything given.
    public init(organId: String, code: String, promulgationDate: String, documentId: String) {
        self.organId = organId
        self.code = code
        self.promulgationDate = promulgationDate
        self.documentId = documentId
    }
}
