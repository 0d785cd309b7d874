public import Foundation
import MotCuaCore
import Yams

/// `config/motcua.yaml` as flat key paths (`portal.url`), with environment overrides:
/// the key path upper-cased and joined with `_` behind `MOTCUA_` (`MOTCUA_PORTAL_URL`).
/// Keys are matched in that upper-cased form, so `portal.timeoutMs` is overridden by
/// `MOTCUA_PORTAL_TIMEOUTMS` whether or not the file mentions it.
public struct Settings: Sendable {
    /// Upper-cased key (`PORTAL_TIMEOUTMS`) → value.
    private var values: [String: String]

    /// Settings from flat values (tests).
    public init(values: [String: String] = [:]) {
        self.values = Dictionary(values.map { (Settings.envKey($0.key), $0.value) }, uniquingKeysWith: { _, b in b })
    }

    /// Reads the file (if it exists) and applies the environment's overrides.
    public static func load(file: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                            required: Bool = false) throws -> Settings {
        var settings = Settings()
        if FileManager.default.fileExists(atPath: file) {
            let text: String
            switch DefinitionFiles.read(file) {
            case let .success(t): text = t
            case let .failure(p): throw p
            }
            settings = try parse(yaml: text, file: file)
        } else if required {
            throw Problem(code: "not_found", file: file, line: nil, element: "", message: "no such configuration file",
                          hint: "pass --config with the path of motcua.yaml")
        }
        for (key, value) in environment where key.hasPrefix("MOTCUA_") {
            settings.values[String(key.dropFirst("MOTCUA_".count))] = value
        }
        return settings
    }

    /// Settings from the text of a configuration file (no environment overrides).
    public static func parse(yaml text: String, file: String) throws -> Settings {
        var settings = Settings()
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw Problem(code: "yaml_syntax", file: file, line: nil, element: "", message: "invalid YAML: \(error)",
                          hint: "check the configuration file's indentation")
        }
        if let node { flatten(node, prefix: "", depth: 0, into: &settings.values) }
        return settings
    }

    /// The environment variable name part of a key path: `portal.url` → `PORTAL_URL`.
    public static func envKey(_ path: String) -> String { path.uppercased().replacingOccurrences(of: ".", with: "_") }

    private static func flatten(_ node: Node, prefix: String, depth: Int, into values: inout [String: String]) {
        // Configuration is a few levels deep; deeper nesting is ignored, not recursed into.
        guard depth < 16 else { return }
        switch node {
        case let .mapping(map):
            for (k, v) in map {
                guard let key = k.string else { continue }
                flatten(v, prefix: prefix.isEmpty ? key : "\(prefix).\(key)", depth: depth + 1, into: &values)
            }
        case let .scalar(s):
            values[Settings.envKey(prefix)] = s.string
        default:
            break
        }
    }

    /// A text value.
    public subscript(_ key: String) -> String? { values[Settings.envKey(key)] }

    /// An integer value, or a problem naming the key.
    public func int(_ key: String, default value: Int) throws -> Int {
        guard let text = self[key] else { return value }
        guard let n = Int(text) else {
            throw Problem(code: "bad_setting", file: "config", line: nil, element: key, message: "'\(text)' is not a whole number",
                          hint: "set \(key) (or MOTCUA_\(Settings.envKey(key))) to a number")
        }
        return n
    }

    /// Sets a value (command-line options win over file and environment).
    public mutating func set(_ key: String, _ value: String?) {
        if let value { values[Settings.envKey(key)] = value }
    }
}
