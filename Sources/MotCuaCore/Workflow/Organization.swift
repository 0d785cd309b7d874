/// The agency and its departments, as configured in `config/org.yaml`.
public struct Organization: Sendable, Hashable {
    /// A department (phòng, bộ phận).
    public struct Department: Sendable, Hashable, Codable {
        /// Short code used in definitions, e.g. `QLCN`.
        public var code: String
        /// Vietnamese name.
        public var name: String
    }

    /// Agency identifier (QCVN 102:2016 scheme), used in dossier codes.
    public var agencyCode: String
    /// Agency name.
    public var agencyName: String
    /// Departments.
    public var departments: [Department]

    /// An organization.
    public init(agencyCode: String, agencyName: String, departments: [Department]) {
        self.agencyCode = agencyCode
        self.agencyName = agencyName
        self.departments = departments
    }

    /// Whether a department code exists.
    public func hasDepartment(_ code: String) -> Bool { departments.contains { $0.code == code } }
}
