import Foundation
import MotCuaCore
import MotCuaDefinitions
import MotCuaDelivery
import MotCuaServer
import MotCuaXML

/// The e-office part of the configuration: the clerical rules (`documents.rules`), the
/// signatures (`documents.trustedCertificates`, `documents.signingKey`,
/// `documents.signingCertificate`) and the national document axis (`axis.*`; the system
/// secret through `MOTCUA_AXIS_SECRET`, never printed).
struct EOfficeSettings {
    /// How documents are taken in (`nil` when no rules file is configured or present).
    let desk: DocumentDesk?
    /// The agency's signing key and certificate, when both are set.
    let signing: SigningIdentity?
    /// The axis endpoint and credentials, when `axis.url` is set.
    let axis: Axis?

    struct Axis {
        let url: String
        let systemId: String
        let secret: String
        let pollSeconds: Int
        let timeoutMilliseconds: Int
    }

    /// This agency on the axis: `axis.organId`, by default the agency code; its name is `agency.name`,
    /// by default the organization file's.
    static func organ(_ settings: Settings, organization: Organization) -> EdXMLOrgan {
        let id = settings["axis.organId"].flatMap { $0.isEmpty ? nil : $0 } ?? settings["agency.code"] ?? organization.agencyCode
        let name = settings["agency.name"].flatMap { $0.isEmpty ? nil : $0 } ?? organization.agencyName
        return EdXMLOrgan(organId: id, organName: name)
    }

    /// Whether the axis is configured (status packages are routed only then).
    static func axisConfigured(_ settings: Settings) -> Bool { !(settings["axis.url"] ?? "").isEmpty }

    static func load(_ settings: Settings, organization: Organization) throws -> EOfficeSettings {
        let explicit = settings["documents.rules"].flatMap { $0.isEmpty ? nil : $0 }
        let rulesFile = explicit ?? "config/documents.yaml"
        var desk: DocumentDesk?
        if explicit != nil || FileManager.default.fileExists(atPath: rulesFile) {
            let (rules, problems) = DefinitionFiles.clericalRules(at: rulesFile)
            guard let rules else { throw UserFailure(message: problems.map(\.description).joined(separator: "\n")) }
            let certificates = (settings["documents.trustedCertificates"] ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for path in certificates where !FileManager.default.isReadableFile(atPath: path) {
                throw UserFailure(message: "documents.trustedCertificates: \(path) cannot be read; give PEM certificate files, separated by commas")
            }
            desk = DocumentDesk(rules: rules, trust: SignatureTrust(trustedCertificates: certificates),
                                organ: organ(settings, organization: organization))
        }
        var signing: SigningIdentity?
        let key = settings["documents.signingKey"] ?? "", certificate = settings["documents.signingCertificate"] ?? ""
        if !key.isEmpty || !certificate.isEmpty {
            guard !key.isEmpty, !certificate.isEmpty else {
                throw UserFailure(message: "documents.signingKey and documents.signingCertificate go together: set both PEM paths, or neither")
            }
            for path in [key, certificate] where !FileManager.default.isReadableFile(atPath: path) {
                throw UserFailure(message: "\(path) cannot be read (documents.signingKey / documents.signingCertificate)")
            }
            signing = SigningIdentity(keyPath: key, certificatePath: certificate)
        }
        var axis: Axis?
        if let url = settings["axis.url"], !url.isEmpty {
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else { throw UserFailure(message: "axis.url must be an http:// or https:// URL") }
            guard let systemId = settings["axis.systemId"], !systemId.isEmpty else {
                throw UserFailure(message: "axis.systemId is required with axis.url (the system id the axis issued)")
            }
            guard let secret = settings["axis.secret"], !secret.isEmpty else {
                throw UserFailure(message: "axis.secret is required with axis.url; set it through MOTCUA_AXIS_SECRET (it is never shown)")
            }
            guard desk != nil else { throw UserFailure(message: "axis.url needs the clerical rules (documents.rules, e.g. config/documents.yaml)") }
            let poll = try settings.int("axis.pollSeconds", default: 30)
            guard (1...3600).contains(poll) else { throw UserFailure(message: "axis.pollSeconds must be 1–3600") }
            axis = Axis(url: url, systemId: systemId, secret: secret, pollSeconds: poll,
                        timeoutMilliseconds: try settings.int("axis.timeoutMs", default: 30_000))
        }
        return EOfficeSettings(desk: desk, signing: signing, axis: axis)
    }
}
