import Foundation
public import Hummingbird
import HTTPTypes
import Mustache

/// The console's pages: Mustache templates (Vietnamese, HTML-escaped by default) and the
/// style sheet, all served by the binary itself from its resources.
public struct Pages: Sendable {
    let library: MustacheLibrary
    let stylesheet: ByteBuffer

    /// Loads the templates and the style sheet from the target's resources.
    public static func load() async throws -> Pages {
        guard let base = Bundle.module.resourceURL else { throw PagesMissing(path: "the MotCuaWeb resource bundle") }
        HTMLText.register()
        let library = try await MustacheLibrary(directory: base.appendingPathComponent("templates").path)
        let cssPath = base.appendingPathComponent("static/motcua.css").path
        guard let css = FileManager.default.contents(atPath: cssPath) else { throw PagesMissing(path: cssPath) }
        return Pages(library: library, stylesheet: ByteBuffer(bytes: css))
    }

    /// A page rendered from `template` with `values`, with the headers every page gets: no
    /// caching (pages hold personal data), no framing, scripts and styles from this host only.
    func render(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok,
                headers extra: HTTPFields = [:]) -> Response {
        let html = library.render(values, withTemplate: template) ?? "<!doctype html><html lang=\"vi\"><title>Lỗi</title><p>Thiếu mẫu trang \(template).</p></html>"
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8",
            .cacheControl: "no-store",
            HTTPField.Name("X-Frame-Options")!: "DENY",
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            HTTPField.Name("Content-Security-Policy")!: "default-src 'self'; form-action 'self'; frame-ancestors 'none'",
            HTTPField.Name("Referrer-Policy")!: "same-origin",
        ]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A short page with a title and a message (refusals, errors).
    func message(_ title: String, _ text: String, status: HTTPResponse.Status, signedIn: [String: Any] = [:],
                 headers: HTTPFields = [:]) -> Response {
        render("message", signedIn.merging(["title": title, "text": text]) { a, _ in a }, status: status, headers: headers)
    }

    /// The style sheet (cached by browsers for an hour).
    func css() -> Response {
        Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                 body: .init(byteBuffer: stylesheet))
    }

    /// A redirect after a form (303: the browser follows with GET).
    static func seeOther(_ location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        headers.append(contentsOf: extra)
        return Response(status: .seeOther, headers: headers)
    }
}

/// A resource of the console is missing from the build.
struct PagesMissing: Error, CustomStringConvertible {
    let path: String
    var description: String { "the web console's resources are missing (\(path)); rebuild motcua" }
}
