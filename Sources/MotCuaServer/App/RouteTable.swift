import Foundation
public import HTTPTypes

/// The methods served on each path pattern, so that a known path asked with another
/// method gets 405 and `Allow` rather than 404.
public struct RouteTable: Sendable {
    /// (path segments, method); a segment `:name` or `{name}` matches any one segment.
    private var entries: [([Substring], HTTPRequest.Method)] = []

    /// An empty table.
    public init() {}

    /// Adds a route such as `/api/v1/dossiers/:code`.
    public mutating func add(_ method: HTTPRequest.Method, _ pattern: String) {
        entries.append((pattern.split(separator: "/"), method))
    }

    /// The methods served at `path`, or `nil` when no route has that shape.
    public func methods(for path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard !segments.contains(where: \.isEmpty) || segments.isEmpty else { return nil }
        var found: [HTTPRequest.Method] = []
        for (pattern, method) in entries where pattern.count == segments.count {
            if zip(pattern, segments).allSatisfy({ $0.hasPrefix(":") || $0.hasPrefix("{") || $0 == $1 }), !found.contains(method) {
                found.append(method)
            }
        }
        return found.isEmpty ? nil : found
    }
}

/// The route table, filled once the routes are registered (the middleware is added
/// before them) and read-only after.
final class RouteTableBox: @unchecked Sendable {
    private var table = RouteTable()
    private let lock = NSLock()

    func set(_ value: RouteTable) { lock.withLock { table = value } }

    func methods(for path: String) -> [HTTPRequest.Method]? { lock.withLock { table }.methods(for: path) }
}
