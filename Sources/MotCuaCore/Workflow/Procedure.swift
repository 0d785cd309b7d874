/// An administrative procedure (thủ tục hành chính) as the agency offers it.
public struct Procedure: Sendable, Hashable, Codable {
    /// A fee or charge.
    public struct Fee: Sendable, Hashable, Codable {
        /// Name (phí thẩm định, lệ phí cấp giấy …).
        public var name: String
        /// Amount in đồng, when fixed.
        public var amount: Int?
        /// Where the amount is set (a circular), when it varies.
        public var basis: String?
    }

    /// A required document (thành phần hồ sơ).
    public struct Document: Sendable, Hashable, Codable {
        /// Name.
        public var name: String
        /// Number of originals.
        public var originals: Int
        /// Number of copies.
        public var copies: Int
    }

    /// How much of the procedure can be done online.
    public enum Level: String, Sendable, Codable, CaseIterable {
        /// Toàn trình: the whole procedure online.
        case fullOnline = "full_online"
        /// Một phần: partly online.
        case partialOnline = "partial_online"
        /// At the desk only.
        case direct
    }

    /// The code used in this system and in dossier records (MaTTHC when national).
    public var code: String
    /// The national TTHC database code, when confirmed.
    public var nationalCode: String?
    /// Name.
    public var name: String
    /// Field (lĩnh vực) code.
    public var fieldCode: String
    /// Field name.
    public var fieldName: String
    /// Statutory deadline.
    public var deadline: Deadline
    /// Receipts at or after this hour count from the next working day.
    public var cutoff: TimeOfDay?
    /// Online service level.
    public var level: Level
    /// Department that leads the handling.
    public var department: String
    /// Legal basis in force for this version.
    public var legalBasis: [String]
    /// Fees.
    public var fees: [Fee]
    /// Required documents.
    public var documents: [Document]
    /// The result paper(s).
    public var result: String?
    /// Remarks for maintainers (what is unconfirmed, where it comes from).
    public var notes: String?
}
