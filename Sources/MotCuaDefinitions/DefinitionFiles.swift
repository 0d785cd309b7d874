public import MotCuaCore
import Foundation

/// Reads definition and configuration files from disk and hands their text to the core.
/// The only place (with the CLI's output) where the definitions touch the file system.
public enum DefinitionFiles {
    /// Largest file accepted; definitions are a few kilobytes.
    public static let maxFileBytes = 4 << 20

    /// The YAML files under the given paths (files as given, directories searched
    /// recursively), sorted so that runs are reproducible.
    public static func yamlFiles(in paths: [String]) -> (files: [String], problems: [Problem]) {
        var files: [String] = []
        var problems: [Problem] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                problems.append(Problem(code: "not_found", file: path, line: nil, element: "", message: "no such file or directory",
                                        hint: "check the path; workflow definitions live in workflows/"))
                continue
            }
            if !isDir.boolValue {
                files.append(path)
                continue
            }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            let found = (fm.enumerator(atPath: path)?.compactMap { $0 as? String } ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .sorted()
                .map { "\(base)/\($0)" }
            files += found
        }
        return (files, problems)
    }

    /// The text of a file, or a problem saying why it cannot be read.
    public static func read(_ path: String) -> Result<String, Problem> {
        let url = URL(fileURLWithPath: path)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? NSNumber
        else {
            return .failure(Problem(code: "unreadable", file: path, line: nil, element: "", message: "cannot read the file",
                                    hint: "check that it exists and is readable"))
        }
        guard size.intValue <= maxFileBytes else {
            return .failure(Problem(code: "file_too_large", file: path, line: nil, element: "",
                                    message: "the file is larger than \(maxFileBytes >> 20) MiB", hint: "definition files are small; check the path"))
        }
        guard let data = try? Data(contentsOf: url) else {
            return .failure(Problem(code: "unreadable", file: path, line: nil, element: "", message: "cannot read the file"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(Problem(code: "not_utf8", file: path, line: nil, element: "", message: "the file is not valid UTF-8",
                                    hint: "save it as UTF-8 (Vietnamese text needs it)"))
        }
        return .success(text)
    }

    /// Reads and decodes every definition under `paths`.
    public static func documents(in paths: [String]) -> (documents: [WorkflowDocument], problems: [Problem]) {
        var (files, problems) = yamlFiles(in: paths)
        var documents: [WorkflowDocument] = []
        for file in files {
            switch read(file) {
            case let .failure(p): problems.append(p)
            case let .success(text):
                let (doc, found) = WorkflowDocument.decode(yaml: text, file: file)
                problems += found
                if let doc { documents.append(doc) }
            }
        }
        return (documents, problems)
    }

    /// Loads the working calendar from a file.
    public static func calendar(at path: String) -> (calendar: WorkingCalendar?, problems: [Problem]) {
        switch read(path) {
        case let .failure(p): return (nil, [p])
        case let .success(text): return WorkingCalendar.decode(yaml: text, file: path)
        }
    }

    /// Loads the organization from a file.
    public static func organization(at path: String) -> (organization: Organization?, problems: [Problem]) {
        switch read(path) {
        case let .failure(p): return (nil, [p])
        case let .success(text): return Organization.decode(yaml: text, file: path)
        }
    }

    /// Loads the clerical rules for official documents (`config/documents.yaml`).
    public static func clericalRules(at path: String) -> (rules: ClericalRules?, problems: [Problem]) {
        switch read(path) {
        case let .failure(p): return (nil, [p])
        case let .success(text): return ClericalRules.decode(yaml: text, file: path)
        }
    }

    /// Loads, compiles and validates the workflows under `paths`.
    public static func workflows(in paths: [String], organization: Organization?, standardDaySeconds: Int)
        -> (workflows: [Workflow], problems: [Problem]) {
        let (documents, problems) = documents(in: paths)
        let (workflows, compileProblems) = WorkflowCompiler.compile(documents, organization: organization,
                                                                    standardDaySeconds: standardDaySeconds)
        return (workflows, problems + compileProblems)
    }
}
