import ArgumentParser
import Foundation
import MotCuaCore
import MotCuaXML

/// `motcua edxml …`: official-document packages (QCVN 102:2016).
struct EdXMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edxml",
        abstract: "Read and check edXML packages (official documents and status messages).",
        subcommands: [Inspect.self]
    )

    /// `motcua edxml inspect FILE`.
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse and validate an edXML package; print its header, attachments and signature verdict as JSON.",
            discussion: """
            Exit 0 when the package could be registered, 1 when it is unreadable or has an error \
            (the JSON lists every problem; the first error also goes to stderr).
            """
        )

        @Argument(help: "The package file.")
        var file: String

        @Option(name: .customLong("trusted-pem"), help: "A trusted certificate (PEM) for the signature; repeatable.")
        var trusted: [String] = []

        @Option(name: .customLong("hash-file"), help: "The SHA-256 (hex) the sender announced for the package.")
        var hash: String?

        func run() throws {
            let limit = XMLReadLimits.edXML.maxBytes
            let attributes = try? FileManager.default.attributesOfItem(atPath: file)
            guard let size = attributes?[.size] as? Int else { throw UserFailure(message: "\(file): cannot read the file") }
            guard size <= limit else {
                throw UserFailure(message: "\(file): the package is \(size) bytes; at most \(limit) are accepted")
            }
            guard let data = FileManager.default.contents(atPath: file) else {
                throw UserFailure(message: "\(file): cannot read the file")
            }
            let reading: EdXMLReading
            do {
                reading = try EdXMLReader.read(Array(data), file: file, expectedSHA256: hash,
                                               trust: SignatureTrust(trustedCertificates: trusted))
            } catch {
                throw UserFailure(message: error.description)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(EdXMLInspection(reading)), as: UTF8.self))
            if let error = reading.firstError { throw UserFailure(message: error.description) }
        }
    }
}
