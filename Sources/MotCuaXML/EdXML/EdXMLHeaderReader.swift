import MotCuaCore

/// The `MessageHeader` and `TraceHeaderList` of a document package, field by field.
enum EdXMLHeaderReader {
    static func header(_ m: XMLElement, traces traceList: XMLElement?) -> EdXMLHeader {
        let code = m.edXML("Code")
        let promulgation = m.edXML("PromulgationInfo")
        let type = m.edXML("DocumentType")
        var h = EdXMLHeader(
            from: m.edXML("From")?.organ ?? EdXMLOrgan(organId: ""),
            to: m.edXMLAll("To").map(\.organ),
            documentId: m.required("DocumentId"),
            codeNumber: code?.required("CodeNumber") ?? "", codeNotation: code?.required("CodeNotation") ?? "",
            promulgationDate: promulgation?.required("PromulgationDate") ?? "",
            type: type?.required("Type") ?? "", subject: m.required("Subject"))
        h.place = promulgation?.field("Place")
        h.typeDetail = type?.field("TypeDetail")
        h.typeName = type?.field("TypeName")
        h.content = m.field("Content")
        let signer = m.edXML("SignerInfo")
        h.signerCompetence = signer?.field("Competence")
        h.signerPosition = signer?.field("Position")
        h.signerFullName = signer?.field("FullName")
        h.dueDate = m.field("DueDate")
        if let other = m.edXML("OtherInfo") {
            h.priority = other.field("Priority")
            h.sphereOfPromulgation = other.field("SphereOfPromulgation")
            h.typerNotation = other.field("TyperNotation")
            h.promulgationAmount = other.field("PromulgationAmount")
            h.pageAmount = other.field("PageAmount")
            h.direction = other.field("Direction")
            h.appendixes = other.edXML("Appendixes")?.edXMLAll("Appendix").map { $0.text.trimmingSpaces } ?? []
        }
        h.steeringType = m.field("SteeringType")
        h.toPlaces = m.edXML("ToPlaces")?.edXMLAll("Place").map { $0.text.trimmingSpaces } ?? []
        // The SDK writes an empty ResponseFor block on a document that answers nothing.
        h.responseFor = m.edXMLAll("ResponseFor").map(\.responseFor).filter {
            !($0.organId.isEmpty && $0.code.isEmpty && $0.promulgationDate.isEmpty && $0.documentId.isEmpty)
        }
        if let list = traceList {
            h.traces = list.edXMLAll("TraceHeader").map {
                EdXMLTrace(organId: $0.required("OrganId"), timestamp: $0.required("Timestamp"))
            }
            if let b = list.edXML("Bussiness") {
                h.business = EdXMLBusiness(documentId: b.required("DocumentId"), docType: b.required("BussinessDocType"),
                                           reason: b.field("BussinessDocReason"), paper: b.field("Paper"),
                                           staff: b.edXML("StaffInfo")?.staff)
            }
        }
        return h
    }
}
