import Foundation
import MotCuaXML
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("XML reader: hostile and malformed input")
struct XMLReaderHostileTests {
    private func refusal(_ text: String, limits: XMLReadLimits = .strict) -> XMLReadError? {
        refusal(Array(text.utf8), limits: limits)
    }

    private func refusal(_ bytes: [UInt8], limits: XMLReadLimits = .strict) -> XMLReadError? {
        do {
            _ = try XMLReader.read(bytes, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test("an external entity naming a local file is refused and nothing of the file is read")
    func externalEntityFile() throws {
        let dir = try Samples.scratch()
        let secret = dir + "/secret.txt"
        try "TOP-SECRET-CONTENT".write(toFile: secret, atomically: true, encoding: .utf8)
        for limits in [XMLReadLimits.strict, .edXML] {
            let error = try #require(refusal("""
                <?xml version="1.0"?>
                <!DOCTYPE a [<!ENTITY x SYSTEM "file://\(secret)">]>
                <a>&x;</a>
                """, limits: limits))
            #expect(error.kind == .doctype)
            #expect(error.line == 2)
            #expect(!error.message.contains("TOP-SECRET"))
        }
    }

    @Test("external entities and DTDs on a local HTTP listener make no request")
    func externalEntityNetwork() throws {
        let listener = try Listener()
        defer { listener.close() }
        let url = "http://127.0.0.1:\(listener.port)/x"
        for text in [
            "<!DOCTYPE a [<!ENTITY x SYSTEM \"\(url)\">]><a>&x;</a>",
            "<!DOCTYPE a SYSTEM \"\(url).dtd\"><a/>",
            "<!DOCTYPE a [<!ENTITY % p SYSTEM \"\(url)\"> %p;]><a/>",
        ] {
            for limits in [XMLReadLimits.strict, .edXML] {
                #expect(refusal(text, limits: limits)?.kind == .doctype)
            }
        }
        // XInclude is never processed: the element stays an element.
        let reading = try XMLReader.read(Array("<a xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"\(url)\"/></a>".utf8))
        #expect(reading.root.elements.first?.name == "include")
        #expect(listener.connections() == 0)
    }

    @Test("billion laughs is refused at the DOCTYPE, before any entity is declared")
    func billionLaughs() throws {
        var text = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for i in 1...9 {
            let previous = i == 1 ? "lol" : "lol\(i - 1)"
            text += "<!ENTITY lol\(i) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        text += "]>\n<lolz>&lol9;</lolz>"
        let error = try #require(refusal(text, limits: .edXML))
        #expect(error.kind == .doctype)
        // And an entity reference without any DTD is simply malformed.
        #expect(refusal("<a>&lol9;</a>")?.kind == .malformed)
    }

    @Test("10,000-deep nesting is refused at the configured depth")
    func deepNesting() throws {
        let text = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
        let error = try #require(refusal(text))
        #expect(error.kind == .tooDeep)
        #expect(error.message.contains("64"))
        // Exactly at the limit is fine.
        let limit = XMLReadLimits.strict.maxDepth
        #expect(refusal(String(repeating: "<a>", count: limit) + String(repeating: "</a>", count: limit)) == nil)
        #expect(refusal(String(repeating: "<a>", count: limit + 1) + String(repeating: "</a>", count: limit + 1))?.kind == .tooDeep)
    }

    @Test("a 100 MB document is refused by its size before parsing")
    func oversized() throws {
        var bytes = Array("<a>".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 100 << 20)
        bytes += Array("</a>".utf8)
        let error = try #require(refusal(bytes, limits: .edXML))
        #expect(error.kind == .tooLarge)
        #expect(error.message.contains("\(bytes.count) bytes"))
    }

    @Test("more attributes than the limit are refused")
    func attributes() throws {
        let many = (1...100).map { "a\($0)=\"v\"" }.joined(separator: " ")
        #expect(refusal("<a \(many)/>")?.kind == .tooManyAttributes)
        let some = (1...10).map { "a\($0)=\"v\"" }.joined(separator: " ")
        #expect(refusal("<a \(some)/>") == nil)
    }

    @Test("an undeclared prefix: refused with line and column when strict, a warning when lenient")
    func undeclaredPrefix() throws {
        let text = "<a>\n  <b>\n    <foo:c/>\n  </b>\n</a>"
        let error = try #require(refusal(text, limits: .strict))
        #expect(error.kind == .undeclaredPrefix)
        #expect(error.line == 3)
        #expect(error.column > 0)
        #expect(error.message.contains("foo"))
        let reading = try XMLReader.read(Array(text.utf8), limits: .edXML)
        let c = try #require(reading.root.elements.first?.elements.first)
        #expect(c.name == "c")
        #expect(c.prefix == "foo")
        #expect(c.namespace == nil)
        #expect(c.undeclaredPrefix)
        #expect(reading.warnings == [XMLReadWarning(message: "element <foo:c> uses the prefix 'foo' without declaring it", line: 3)])
    }

    @Test("declared encodings are honoured; bytes that contradict them are refused")
    func encodings() throws {
        // "Hà Nội" has no Latin-1 form; "café" does.
        let latin1: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf".utf8) + [0xE9] + Array("</a>".utf8)
        #expect(try XMLReader.read(latin1).root.text == "café")
        let wrong: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>caf".utf8) + [0xE9] + Array("</a>".utf8)
        let error = try #require(refusal(wrong))
        #expect(error.kind == .encoding)
        #expect(error.line == 1)
        #expect(refusal("<?xml version=\"1.0\" encoding=\"NO-SUCH-CHARSET\"?><a/>")?.kind == .encoding)
        // UTF-16 with a byte-order mark.
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in "<a>Hà Nội</a>".utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try XMLReader.read(utf16).root.text == "Hà Nội")
    }

    @Test("malformed documents name line and column; nothing crashes")
    func malformed() throws {
        let error = try #require(refusal("<a>\n<b>\n</a>"))
        #expect(error.kind == .malformed)
        #expect(error.line == 3)
        #expect(error.column > 0)
        #expect(refusal([])?.kind == .empty)
        #expect(refusal("junk<a/>")?.kind == .strayBytes)
        #expect(refusal("\u{FEFF}<a/>") == nil)
        #expect(refusal("  \n<a/>") == nil)
        #expect(refusal("<a/><b/>")?.kind == .malformed)
        #expect(refusal("<a></a>trailing")?.kind == .malformed)
        #expect(refusal("<a b='1' b='2'/>")?.kind == .malformed)
        #expect(refusal("<?xml version=\"1.0\"?>") != nil)
        #expect(refusal([0x3C, 0x61, 0x3E, 0x00, 0x3C, 0x2F, 0x61, 0x3E]) != nil)
    }

    @Test("namespaces are resolved whatever the prefix")
    func anyPrefix() throws {
        let a = try XMLReader.read(Array("<x:r xmlns:x=\"urn:n\"><x:c y:k=\"1\" xmlns:y=\"urn:m\">t</x:c></x:r>".utf8))
        let b = try XMLReader.read(Array("<r xmlns=\"urn:n\"><c xmlns:z=\"urn:m\" z:k=\"1\">t</c></r>".utf8))
        for reading in [a, b] {
            #expect(reading.root.namespace == "urn:n")
            #expect(reading.root.name == "r")
            let c = try #require(reading.root.elements.first)
            #expect(c.namespace == "urn:n")
            #expect(c.attribute("k", namespace: "urn:m") == "1")
            #expect(c.text == "t")
        }
    }
}

/// A TCP listener on 127.0.0.1 that only counts the connections made to it.
final class Listener {
    let socket: Int32
    let port: Int

    init() throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        precondition(bound == 0 && listen(socket, 16) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK)
        self.socket = socket
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Connections waiting to be accepted (none were ever accepted).
    func connections() -> Int {
        var count = 0
        while case let client = accept(socket, nil, nil), client >= 0 {
            count += 1
            Glibc.close(client)
        }
        return count
    }

    func close() { Glibc.close(socket) }
}
