public import MotCuaCore
import MotCuaXML

/// Properties of the XML reader and the edXML parser over arbitrary bytes, beyond "does not
/// crash":
/// - what the strict reader accepts, the writer writes and the reader reads back as the
///   same tree (names, namespaces, attributes, text);
/// - a package the edXML reader accepts is written by the edXML writer and read back with
///   the same header, manifest, attachments or status.
/// A description of the first property broken is returned; `nil` means all hold.
public enum EdXMLFuzz {
    /// Checks one input.
    public static func check(_ bytes: [UInt8]) -> String? {
        if let reading = try? XMLReader.read(bytes, limits: .strict) {
            let written = XMLWriter.document(reading.root, indent: false)
            guard let again = try? XMLReader.read(written, limits: .strict) else {
                return "the writer's output does not read back: \(String(decoding: written.prefix(300), as: UTF8.self))"
            }
            if shape(again.root) != shape(reading.root) {
                return "the tree changed in a write and read: \(String(decoding: written.prefix(300), as: UTF8.self))"
            }
        }
        guard let reading = try? EdXMLReader.read(bytes) else { return nil }
        switch reading.package {
        case .status(let status):
            let back = try? EdXMLReader.read(EdXMLWriter.package(status)).package
            return back == .status(status) ? nil : "a status changed in a write and read: \(status)"
        case .document(let document):
            guard let back = try? EdXMLReader.read(EdXMLWriter.package(document)), case .document(let d) = back.package else {
                return "a written document does not read back: \(document.header.documentId)"
            }
            if d.header != document.header { return "the header changed in a write and read: \(document.header)" }
            if d.manifest != document.manifest { return "the manifest changed in a write and read" }
            if d.attachments.map(\.content) != document.attachments.map(\.content) {
                return "attachments changed in a write and read"
            }
            return nil
        }
    }

    /// A tree without what the writer may legitimately change: prefixes and line numbers.
    private static func shape(_ e: XMLElement) -> String {
        var out = "<{\(e.namespace ?? "")}\(e.name)"
        for a in e.attributes { out += " {\(a.namespace ?? "")}\(a.name)=\(a.value.debugDescription)" }
        out += ">"
        for child in e.children {
            switch child {
            case .element(let c): out += shape(c)
            case .text(let t): out += t.debugDescription
            }
        }
        return out + "</>"
    }
}
