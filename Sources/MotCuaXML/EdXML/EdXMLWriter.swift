import Foundation
public import MotCuaCore

/// Writes core edXML values as packages in the SDK's layout, with the `edXML` prefix
/// declared on the root (the SDK's own samples leave it undeclared in places; ours never do).
/// Reading a written package back gives the same values, field for field.
public enum EdXMLWriter {
    /// A document package (unsigned; `XMLSignature.sign` adds the signature).
    public static func package(_ document: EdXMLDocument) -> [UInt8] {
        let h = document.header
        var message = [organ("From", h.from)] + h.to.map { organ("To", $0) }
        message += [
            leaf("DocumentId", h.documentId),
            node("Code", [leaf("CodeNumber", h.codeNumber), leaf("CodeNotation", h.codeNotation)]),
            node("PromulgationInfo", optional("Place", h.place) + [leaf("PromulgationDate", h.promulgationDate)]),
            node("DocumentType", [leaf("Type", h.type)] + optional("TypeDetail", h.typeDetail) + optional("TypeName", h.typeName)),
            leaf("Subject", h.subject),
        ]
        message += optional("Content", h.content)
        let signer = optional("Competence", h.signerCompetence) + optional("Position", h.signerPosition)
            + optional("FullName", h.signerFullName)
        if !signer.isEmpty { message.append(node("SignerInfo", signer)) }
        message += optional("DueDate", h.dueDate)
        var other = optional("Priority", h.priority) + optional("SphereOfPromulgation", h.sphereOfPromulgation)
            + optional("TyperNotation", h.typerNotation) + optional("PromulgationAmount", h.promulgationAmount)
            + optional("PageAmount", h.pageAmount) + optional("Direction", h.direction)
        if !h.appendixes.isEmpty { other.append(node("Appendixes", h.appendixes.map { leaf("Appendix", $0) })) }
        if !other.isEmpty { message.append(node("OtherInfo", other)) }
        message += h.responseFor.map(responseFor)
        message += optional("SteeringType", h.steeringType)
        if !h.toPlaces.isEmpty { message.append(node("ToPlaces", h.toPlaces.map { leaf("Place", $0) })) }

        var traces = h.traces.map { node("TraceHeader", [leaf("OrganId", $0.organId), leaf("Timestamp", $0.timestamp)]) }
        if let b = h.business {
            var business = [leaf("DocumentId", b.documentId), leaf("BussinessDocType", b.docType)]
            business += optional("BussinessDocReason", b.reason) + optional("Paper", b.paper)
            if let staff = b.staff { business.append(staffInfo(staff)) }
            traces.append(node("Bussiness", business))
        }
        var headerChildren = [node("MessageHeader", message)]
        if !traces.isEmpty { headerChildren.append(node("TraceHeaderList", traces)) }
        let manifest = document.manifest.map { r in
            node("Reference", [leaf("ContentId", r.contentId)] + optional("ContentType", r.contentType)
                 + optional("Description", r.description) + optional("AttachmentName", r.attachmentName))
        }
        let body = node("edXMLBody", [element("edXMLManifest", manifest.map { .element($0) },
                                              attributes: [XMLAttribute(name: "version", value: "1.0")])])
        let envelope = [node("edXMLHeader", headerChildren), body]
        var root = [node("edXMLEnvelope", envelope)]
        if !document.attachments.isEmpty {
            root.append(node("AttachmentEncoded", document.attachments.map { a in
                node("Attachment", [leaf("ContentId", a.contentId), leaf("AttachmentName", a.attachmentName)]
                     + optional("Description", a.description) + optional("ContentType", a.contentType)
                     + [leaf("ContentTransferEncoded", base64(a.content))])
            }))
        }
        return XMLWriter.document(node("edXML", root))
    }

    /// A status package answering a document.
    public static func package(_ status: EdXMLStatus) -> [UInt8] {
        var message = [organ("From", status.from), responseFor(status.responseFor)]
        if let staff = status.staff { message.append(staffInfo(staff)) }
        message.append(leaf("StatusCode", status.statusCode))
        message += optional("Description", status.description)
        message.append(leaf("Timestamp", status.timestamp))
        return XMLWriter.document(node("edXML", [node("edXMLEnvelope", [node("edXMLHeader", [node("MessageHeader", message)])])]))
    }

    private static func organ(_ name: String, _ o: EdXMLOrgan) -> XMLElement {
        node(name, [leaf("OrganId", o.organId)] + optional("OrganName", o.organName)
             + optional("OrganizationInCharge", o.organizationInCharge) + optional("OrganAdd", o.organAdd)
             + optional("Email", o.email) + optional("Telephone", o.telephone) + optional("Fax", o.fax)
             + optional("Website", o.website))
    }

    private static func responseFor(_ r: EdXMLResponseFor) -> XMLElement {
        node("ResponseFor", [leaf("OrganId", r.organId), leaf("Code", r.code), leaf("PromulgationDate", r.promulgationDate),
                             leaf("DocumentId", r.documentId)])
    }

    private static func staffInfo(_ s: EdXMLStaff) -> XMLElement {
        node("StaffInfo", optional("Department", s.department) + optional("Staff", s.staff)
             + optional("Mobile", s.mobile) + optional("Email", s.email))
    }

    private static func element(_ name: String, _ children: [XMLNode], attributes: [XMLAttribute] = []) -> XMLElement {
        XMLElement(namespace: XMLElement.edXMLNamespace, prefix: "edXML", name: name, attributes: attributes, children: children)
    }

    private static func node(_ name: String, _ children: [XMLElement]) -> XMLElement {
        element(name, children.map { .element($0) })
    }

    private static func leaf(_ name: String, _ text: String) -> XMLElement {
        element(name, text.isEmpty ? [] : [.text(text)])
    }

    private static func optional(_ name: String, _ text: String?) -> [XMLElement] {
        text.map { [leaf(name, $0)] } ?? []
    }

    /// Base64 in lines of 76 characters, as MIME writes it.
    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
    }
}
