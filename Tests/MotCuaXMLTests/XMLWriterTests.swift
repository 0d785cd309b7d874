import MotCuaFuzzChecks
import MotCuaXML
import Testing

@Suite("XML writer")
struct XMLWriterTests {
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test("namespaces: default, prefixed, attribute namespaces and an unqualified child under a default")
    func namespaces() throws {
        let tree = XMLElement(namespace: "urn:a", name: "root", children: [
            .element(XMLElement(namespace: "urn:a", name: "same")),
            .element(XMLElement(namespace: "urn:b", prefix: "b", name: "other", attributes: [
                XMLAttribute(namespace: "urn:c", name: "k", value: "1"),
                XMLAttribute(name: "plain", value: "2"),
            ])),
            .element(XMLElement(namespace: nil, name: "none")),
        ])
        let bytes = XMLWriter.document(tree)
        let written = text(bytes)
        #expect(written.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<root xmlns=\"urn:a\">"))
        #expect(written.contains("<b:other xmlns:b=\"urn:b\" xmlns:ns1=\"urn:c\" ns1:k=\"1\" plain=\"2\"/>"))
        #expect(written.contains("<none xmlns=\"\"/>"))
        // Read back, the same names in the same namespaces.
        let back = try XMLReader.read(bytes).root
        #expect(back.namespace == "urn:a")
        #expect(back.elements.map(\.namespace) == ["urn:a", "urn:b", nil])
        #expect(back.elements[1].attribute("k", namespace: "urn:c") == "1")
        #expect(back.elements[1].attribute("plain") == "2")
        #expect(back.elements[2].name == "none")
        // The same value always gives the same bytes.
        #expect(XMLWriter.document(tree) == bytes)
    }

    @Test("markup, quotes, carriage returns and forbidden controls in text and attributes survive a round trip")
    func escaping() throws {
        let hostile = "</a><!-- & \"x\" 'y' ]]> \r\n\tHà Nội"
        let tree = XMLElement(namespace: nil, name: "a", attributes: [XMLAttribute(name: "v", value: hostile)],
                              children: [.text(hostile + "\u{01}")])
        let back = try XMLReader.read(XMLWriter.document(tree)).root
        #expect(back.attribute("v") == hostile)
        #expect(back.text == hostile)
        #expect(back.elements.isEmpty)
    }

    @Test("indentation only where an element has element children alone; text is untouched")
    func layout() throws {
        let tree = XMLElement(namespace: nil, name: "a", children: [
            .element(XMLElement(namespace: nil, name: "b", children: [.text(" padded ")])),
            .element(XMLElement(namespace: nil, name: "c", children: [.text("x"), .element(XMLElement(namespace: nil, name: "d"))])),
        ])
        let written = text(XMLWriter.document(tree))
        #expect(written == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>\n  <b> padded </b>\n  <c>x<d/></c>\n</a>\n")
        #expect(text(XMLWriter.document(tree, indent: false)).contains("<a><b> padded </b><c>x<d/></c></a>"))
    }
}

@Suite("edXML fuzz corpus")
struct EdXMLCorpusTests {
    @Test("every committed corpus input and shared sample keeps the round-trip properties")
    func corpus() throws {
        let (inputs, failures) = FuzzDriver.replay([Samples.root + "/Tests/Fuzz/edxml", Samples.directory + "/edxml"],
                                                   check: EdXMLFuzz.check)
        #expect(inputs >= 12)
        #expect(failures == 0)
    }
}
