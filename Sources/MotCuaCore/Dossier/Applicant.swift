/// The citizen or organisation that submits a dossier (chủ hồ sơ).
public struct Applicant: Sendable, Hashable, Codable {
    /// LoaiDoiTuong: who the applicant is.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case citizen, enterprise, agency, other

        /// The portal's LoaiDoiTuong code (1 citizen, 2 enterprise, 3 state agency, 4 other).
        public var portalCode: Int {
            switch self {
            case .citizen: 1
            case .enterprise: 2
            case .agency: 3
            case .other: 4
            }
        }
    }

    /// Full name (ChuHoSo).
    public var name: String
    /// Identity or registration number (SoGiayToChuHoSo).
    public var idNumber: String?
    /// Kind.
    public var kind: Kind
    /// Phone.
    public var phone: String?
    /// E-mail.
    public var email: String?
    /// Address.
    public var address: String?

    /// An applicant.
    public init(name: String, idNumber: String? = nil, kind: Kind = .citizen, phone: String? = nil, email: String? = nil,
                address: String? = nil) {
        self.name = name
        self.idNumber = idNumber
        self.kind = kind
        self.phone = phone
        self.email = email
        self.address = address
    }
}

/// How a dossier was handed in (KenhThucHien).
public enum Channel: String, Sendable, Codable, CaseIterable {
    case direct, online, postal

    /// The portal's KenhThucHien code (1 direct, 2 online, 3 postal).
    public var portalCode: Int {
        switch self {
        case .direct: 1
        case .online: 2
        case .postal: 3
        }
    }
}

/// A document handed in with the dossier.
public struct SubmittedDocument: Sendable, Hashable, Codable {
    /// Whether the paper is an original or a copy.
    public enum Form: String, Sendable, Codable, CaseIterable { case original, copy, certifiedCopy = "certified_copy", electronic }

    /// Name.
    public var name: String
    /// Number of copies handed in.
    public var copies: Int
    /// Original or copy.
    public var form: Form

    /// A document.
    public init(name: String, copies: Int = 1, form: Form = .original) {
        self.name = name
        self.copies = copies
        self.form = form
    }
}
