extension Organization {
    /// Reads `config/org.yaml`: the agency (code, name) and its departments.
    public static func decode(yaml text: String, file: String) -> (organization: Organization?, problems: [Problem]) {
        var d = Diagnostics(file: file)
        guard let root = YAMLNode.parse(text, diagnostics: &d), let top = root.mapping(&d, allowed: ["agency", "departments"]) else {
            return (nil, d.problems)
        }
        var org = Organization(agencyCode: "", agencyName: "", departments: [])
        for (key, value) in top {
            if key == "agency" {
                for (k, v) in value.mapping(&d, allowed: ["code", "name"]) ?? [] {
                    if k == "code" { org.agencyCode = v.string(&d) ?? "" } else { org.agencyName = v.string(&d) ?? "" }
                }
                if !isAgencyCode(org.agencyCode) {
                    d.error("bad_agency_code", line: value.line, "agency.code", "'\(org.agencyCode)' is not an agency code",
                            hint: "use the QCVN 102:2016 identifier, e.g. 000.00.01.H22")
                }
            } else {
                for item in value.sequence(&d) ?? [] {
                    var dept = Department(code: "", name: "")
                    for (k, v) in item.mapping(&d, allowed: ["code", "name"]) ?? [] {
                        if k == "code" { dept.code = v.string(&d) ?? "" } else { dept.name = v.string(&d) ?? "" }
                    }
                    if dept.code.isEmpty || dept.name.isEmpty {
                        d.error("missing_field", line: item.line, item.path, "a department needs 'code' and 'name'")
                    } else if org.hasDepartment(dept.code) {
                        d.error("duplicate_department", line: item.line, item.path, "the department '\(dept.code)' is listed twice")
                    } else {
                        org.departments.append(dept)
                    }
                }
            }
        }
        return (d.hasErrors ? nil : org, d.problems)
    }

    /// Whether text looks like a QCVN 102:2016 agency identifier (`000.00.01.H22`).
    static func isAgencyCode(_ code: String) -> Bool {
        let parts = code.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0].count == 3 && parts[1].count == 2 && parts[2].count == 2 && parts[3].count == 3
            && code.allSatisfy { $0.isASCII && ($0.isNumber || $0.isUppercase || $0 == ".") }
    }
}
