import Foundation
public import Logging
public import MotCuaCore
public import MotCuaDelivery
public import MotCuaStore
import MotCuaXML
public import ServiceLifecycle

/// Takes in what the national axis holds for this agency: `getReceivedEdocList` →
/// `getEdoc` → read and judge → store → `updateStatus`. A package is acknowledged only
/// after its case is committed, so a crash in between makes the axis offer it again, and
/// the store answers the same package with the case it already made (never a second one).
/// A refused package is acknowledged `fail`, and when its header could be read the sender
/// is answered 02 with the reason. A recall is applied to the original (15 by the route, or
/// 16 when it cannot be). A status package answering one of our outgoing documents is
/// recorded on it as that recipient's answer.
public struct AxisPollerService: Service {
    let env: ServerEnvironment
    let axis: any DocumentTransport
    let interval: Duration
    let logger: Logger

    /// A poller asking the axis every `interval`.
    public init(env: ServerEnvironment, axis: any DocumentTransport, interval: Duration, logger: Logger) {
        self.env = env
        self.axis = axis
        self.interval = interval
        self.logger = logger
    }

    /// What one round did.
    public struct Round: Sendable, Equatable {
        /// New cases.
        public var registered = 0
        /// Packages already taken in before (acknowledged again).
        public var again = 0
        /// Packages refused (acknowledged `fail`).
        public var refused = 0
        /// Packages left for the next round (axis or store unavailable).
        public var deferred = 0
        /// Recalls applied or answered.
        public var recalls = 0
        /// Recipients' status answers recorded on our outgoing documents.
        public var answers = 0

        /// A round's counts.
        public init(registered: Int = 0, again: Int = 0, refused: Int = 0, deferred: Int = 0, recalls: Int = 0, answers: Int = 0) {
            self.recalls = recalls
            self.answers = answers
            self.registered = registered
            self.again = again
            self.refused = refused
            self.deferred = deferred
        }
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                // One instance polls at a time: two would take the same package at once. The
                // directory changes rarely: hourly, and at once while it is empty.
                let (service, now) = (self, env.now())
                do {
                    let empty = try await env.dossiers.agencies().isEmpty
                    _ = try await env.dossiers.runJob("axis-directory", every: empty ? nil : 3600, at: now) { await service.syncDirectory() }
                    if let round = try await env.dossiers.runJob("axis-poll", every: nil, at: now, { await service.poll() }), round != Round() {
                        logger.info("axis poll", metadata: ["registered": "\(round.registered)", "again": "\(round.again)",
                                                            "refused": "\(round.refused)", "deferred": "\(round.deferred)"])
                    }
                } catch {
                    logger.warning("axis: poll round skipped", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }

    /// Brings the directory of agencies in line with `getAgenciesList`; keeps the old one
    /// when the axis does not answer. Returns how many rows changed (nil: not synced).
    @discardableResult
    public func syncDirectory() async -> Int? {
        do {
            let listed = try await axis.agencies().map { Agency(code: $0.code, name: $0.name, mail: $0.mail) }
            guard !listed.isEmpty else { return nil }  // an empty answer is an axis fault, not a dissolved state
            let changed = try await env.dossiers.syncAgencies(listed, at: env.now())
            if changed > 0 { logger.info("axis: directory synced", metadata: ["agencies": "\(listed.count)", "changed": "\(changed)"]) }
            return changed
        } catch {
            logger.warning("axis: cannot sync the directory of agencies", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// One round over everything the axis lists.
    public func poll() async -> Round {
        var round = Round()
        guard let desk = env.documents, let workflow = env.catalog.documentWorkflow(.incomingDocument) else { return round }
        let waiting: [AxisMessage]
        do {
            waiting = try await axis.received()
        } catch {
            logger.warning("axis: cannot list received packages", metadata: ["error": "\(error)"])
            return round
        }
        for message in waiting {
            if Task.isCancelled { break }
            if message.messageType == AxisMessageKind.status.rawValue {
                await record(message, desk: desk, round: &round)
            } else {
                await take(message, desk: desk, workflow: workflow, round: &round)
            }
        }
        return round
    }

    /// A status package answering one of our outgoing documents: recorded on its case as the
    /// recipient's answer (an event, keyed by the axis' id so a repeat records nothing new);
    /// one that names no document of ours, or cannot be read, is acknowledged `fail`.
    func record(_ message: AxisMessage, desk: DocumentDesk, round: inout Round) async {
        let bytes: [UInt8]
        do {
            bytes = try await axis.fetch(message.docId)
        } catch {
            round.deferred += 1
            return
        }
        var verdict = AxisAcknowledgement.fail
        if let reading = try? EdXMLReader.read(bytes, trust: desk.trust), reading.firstError == nil,
           case let .status(status) = reading.package {
            do {
                if let code = try await env.dossiers.documentCase(documentId: status.responseFor.documentId) {
                    var command = Command(action: "record_answer")
                    command.answer = DocumentRecord.RecipientAnswer(organId: status.from.organId, code: status.statusCode,
                                                                    description: status.description, timestamp: status.timestamp)
                    let now = env.now()
                    let claim = IdempotencyClaim(user: "axis", key: "status." + message.docId, requestHash: status.statusCode,
                                                 notBefore: now.addingTimeInterval(-env.idempotencyLifetime))
                    _ = try await env.dossiers.perform(command, on: code, by: axisActor(nil), at: now, catalog: env.catalog,
                                                       calendar: env.calendar, idempotency: claim)
                    verdict = .done
                    round.answers += 1
                }
            } catch StoreError.rejected(let rejection) {
                logger.notice("axis: a status package was not recorded", metadata: ["docId": "\(message.docId)", "why": "\(rejection)"])
            } catch {
                round.deferred += 1
                return
            }
        }
        if verdict == .fail { round.refused += 1 }
        try? await axis.acknowledge(message.docId, verdict)
    }

    /// The axis acting as the clerk: arrivals and answers are the clerk's work, done by the system.
    func axisActor(_ workflow: Workflow?) -> Actor {
        Actor(id: "axis", name: "Trục liên thông văn bản quốc gia", role: .clerk, department: workflow.flatMap(clerkDepartment) ?? "VP")
    }

    func take(_ message: AxisMessage, desk: DocumentDesk, workflow: Workflow, round: inout Round) async {
        let bytes: [UInt8]
        do {
            bytes = try await axis.fetch(message.docId)
        } catch {
            logger.warning("axis: cannot fetch a package", metadata: ["docId": "\(message.docId)", "error": "\(error)"])
            round.deferred += 1
            return
        }
        let now = env.now()
        let actor = axisActor(workflow)
        let verdict: AxisAcknowledgement
        switch desk.read(bytes, hashFile: nil, source: .axis, workflow: workflow) {
        case let .refused(refusal, header):
            logger.notice("axis: package refused", metadata: ["docId": "\(message.docId)", "code": "\(refusal.code)", "reason": "\(refusal.reason)"])
            if let header, !(await answerRefused(message, header: header, reason: refusal.reason, desk: desk, at: now)) {
                round.deferred += 1
                return
            }
            verdict = .fail
            round.refused += 1
        case let .recall(header, original, reason):
            do {
                let outcome = try await DocumentRecall.apply(header, original: original, reason: reason, id: message.docId, desk: desk,
                                                             env: env, by: actor)
                logger.info("axis: recall", metadata: ["docId": "\(message.docId)", "original": "\(original)", "outcome": "\(outcome)"])
            } catch {
                logger.error("axis: cannot apply a recall; it stays on the axis", metadata: ["docId": "\(message.docId)", "error": "\(error)"])
                round.deferred += 1
                return
            }
            verdict = .done
            round.recalls += 1
        case let .accepted(submission, files, registering):
            do {
                switch try await env.dossiers.receive(submission, files: files, by: actor, at: now, catalog: env.catalog,
                                                      calendar: env.calendar, duplicates: desk.rules.duplicates,
                                                      registering: registering, idempotency: nil) {
                case let .applied(result):
                    round.registered += 1
                    logger.info("axis: document arrived", metadata: ["docId": "\(message.docId)", "case": "\(result.dossier.code)"])
                case .replayed:
                    round.again += 1
                }
                verdict = .done
            } catch let StoreError.supersessionRefused(_, reason) {
                // An update or replacement with no original to take the place of: 16, and
                // done (it was read and answered; nothing is registered).
                guard let header = submission.document?.header,
                      await answerRefused(message, header: header, reason: reason, desk: desk, at: now, code: .recallRefused)
                else {
                    round.deferred += 1
                    return
                }
                verdict = .done
                round.refused += 1
            } catch let StoreError.duplicateDocument(original, reason) {
                // Refused as a duplicate by the rules: the sender hears 02, the axis `fail`.
                guard let header = submission.document?.header,
                      await answerRefused(message, header: header, reason: "Văn bản đã nhận (\(original)): \(reason)", desk: desk, at: now)
                else {
                    round.deferred += 1
                    return
                }
                verdict = .fail
                round.refused += 1
            } catch {
                logger.error("axis: cannot store a package; it stays on the axis", metadata: ["docId": "\(message.docId)", "error": "\(error)"])
                round.deferred += 1
                return
            }
        }
        do {
            try await axis.acknowledge(message.docId, verdict)
        } catch {
            // Offered again next round; the store answers it with the same case.
            logger.warning("axis: acknowledgement failed", metadata: ["docId": "\(message.docId)", "error": "\(error)"])
        }
    }

    /// Queues the 02 (or `code`) answer to a refused package (once per axis id); `false` when the store
    /// could not take it, and the package must stay on the axis for the next round.
    func answerRefused(_ message: AxisMessage, header: EdXMLHeader, reason: String, desk: DocumentDesk, at now: Date,
                       code: EdXMLStatusCode = .refused) async -> Bool {
        do {
            try await env.dossiers.enqueueNotice(id: "axis.\(message.docId).\(code.rawValue)", channel: .edxml, to: header.from.organId,
                                                 payload: desk.refusalAnswer(header, reason: reason, at: now, code: code), at: now)
            return true
        } catch {
            return false
        }
    }

    /// The department the clerk's states belong to (the arrival is the clerk's work).
    func clerkDepartment(_ workflow: Workflow) -> String? {
        workflow.entry[.clerk].flatMap { workflow.states[$0]?.owner?.department }
    }
}
