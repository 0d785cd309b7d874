public import Foundation
public import MotCuaCore
import Mustache

/// Why a mail could not be composed.
public enum MailComposeError: Error, Equatable, CustomStringConvertible {
    /// The outbox payload is not the `{"template", "vars"}` JSON the router writes.
    case badPayload
    /// No template of that name (subject, text and html files are all needed).
    case missingTemplate(String)

    public var description: String {
        switch self {
        case .badPayload: "the message payload is not a mail context"
        case let .missingTemplate(name): "no template '\(name)' (config/templates/\(name).subject|txt|html.mustache)"
        }
    }
}

/// Renders mails from the Mustache templates in `config/templates/`: for each name,
/// `NAME.subject.mustache`, `NAME.txt.mustache` and `NAME.html.mustache`.
public struct MailComposer: Sendable {
    private let library: MustacheLibrary
    /// Template names available.
    public let names: Set<String>

    /// Loads every template of a directory.
    public init(directory: String) async throws {
        library = try await MustacheLibrary(directory: directory)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        names = Set(files.filter { $0.hasSuffix(".subject.mustache") }.map { String($0.dropLast(".subject.mustache".count)) })
    }

    /// The mail for an outbox message.
    public func compose(payload: String, messageID: String, from: String, to: String, date: Date) throws -> MailMessage {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any],
              let template = object["template"] as? String, let vars = object["vars"] as? [String: Any]
        else { throw MailComposeError.badPayload }
        guard names.contains(template),
              let subject = library.render(vars, withTemplate: "\(template).subject"),
              let text = library.render(vars, withTemplate: "\(template).txt"),
              let html = library.render(vars, withTemplate: "\(template).html")
        else { throw MailComposeError.missingTemplate(template) }
        let oneLineSubject = subject.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return MailMessage(from: from, to: [to], subject: oneLineSubject, text: text, html: html, messageID: messageID, date: date)
    }
}
