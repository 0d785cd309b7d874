@testable import MotCuaWeb
import Testing

@Suite("Template escaping")
struct HTMLTextTests {
    @Test("the five HTML characters are escaped, everything else (Vietnamese included) kept byte for byte")
    func escaping() {
        #expect(HTMLText.escape("<script>alert('x')</script>") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        #expect(HTMLText.escape("\"><img src=x onerror=alert(1)>") == "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
        #expect(HTMLText.escape("Nguyễn & Trần") == "Nguyễn &amp; Trần")
        #expect(HTMLText.escape("Phiếu kiểm soát quá trình giải quyết hồ sơ") == "Phiếu kiểm soát quá trình giải quyết hồ sơ")
        #expect(HTMLText.escape("") == "")
        #expect(HTMLText.escape("&amp;") == "&amp;amp;")  // no double-decoding: text is text
    }
}
