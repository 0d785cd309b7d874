public import MotCuaCore

/// Navigation over an edXML tree that matches on namespace and local name, never on the
/// prefix. Elements in no namespace (unqualified, or written with an undeclared prefix as the
/// SDK's own samples are) are read as edXML; elements of another declared namespace are not.
extension XMLElement {
    /// The edXML namespace of QCVN 102:2016.
    public static let edXMLNamespace = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
    /// The XML-DSig namespace.
    public static let dsigNamespace = "http://www.w3.org/2000/09/xmldsig#"

    var isEdXML: Bool { namespace == nil || namespace == XMLElement.edXMLNamespace }

    /// The first edXML child named `name`.
    func edXML(_ name: String) -> XMLElement? {
        for case .element(let e) in children where e.name == name && e.isEdXML { return e }
        return nil
    }

    /// Every edXML child named `name`, in order.
    func edXMLAll(_ name: String) -> [XMLElement] {
        elements.filter { $0.name == name && $0.isEdXML }
    }

    /// The trimmed text of the edXML child `name`, `nil` when absent.
    func field(_ name: String) -> String? {
        edXML(name).map { $0.text.trimmingSpaces }
    }

    /// The trimmed text of `name`, empty when absent.
    func required(_ name: String) -> String { field(name) ?? "" }

    /// An organ block (`From`, `To`).
    var organ: EdXMLOrgan {
        EdXMLOrgan(organId: required("OrganId"), organName: field("OrganName"),
                   organizationInCharge: field("OrganizationInCharge"), organAdd: field("OrganAdd"),
                   email: field("Email"), telephone: field("Telephone"), fax: field("Fax"), website: field("Website"))
    }

    /// A `StaffInfo` block.
    var staff: EdXMLStaff {
        EdXMLStaff(department: field("Department"), staff: field("Staff"), mobile: field("Mobile"), email: field("Email"))
    }

    /// A `ResponseFor` block.
    var responseFor: EdXMLResponseFor {
        EdXMLResponseFor(organId: required("OrganId"), code: required("Code"),
                         promulgationDate: required("PromulgationDate"), documentId: required("DocumentId"))
    }
}
