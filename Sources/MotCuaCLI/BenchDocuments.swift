import Foundation
import MotCuaCore
import MotCuaXML

/// `motcua bench --documents N`: edXML packages parsed, validated and their signature checked,
/// one after another on one core, and the memory one package costs at its peak.
struct DocumentBench {
    /// Figures for one package.
    struct Figures {
        let name: String
        let bytes: Int
        let packages: Int
        let seconds: Double
        let peakMegabytes: Double
        /// Packages per second when the signature is checked too.
        let signedPerSecond: Double
        /// The floor: libxml2's guarded parse alone of the same bytes, per second.
        let floorPerSecond: Double
        var perSecond: Double { Double(packages) / seconds }
    }

    /// The packages measured: given files, else two generated ones the size of the SDK's
    /// samples (an 8 KB document and one with a 360 KB attachment).
    static func packages(files: [String]) throws -> [(String, [UInt8])] {
        if !files.isEmpty {
            return try files.map { file in
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw UserFailure(message: "\(file): cannot read the package")
                }
                return ((file as NSString).lastPathComponent, Array(data))
            }
        }
        return [("generated 8 KB document", generated(attachment: 5_000)),
                ("generated 360 KB document", generated(attachment: 270_000))]
    }

    static func generated(attachment size: Int) -> [UInt8] {
        var h = EdXMLHeader(from: EdXMLOrgan(organId: "000.00.32.H58", organName: "Sở Khoa học và Công nghệ"),
                            to: [EdXMLOrgan(organId: "000.00.33.H58", organName: "Sở Tài chính"),
                                 EdXMLOrgan(organId: "000.00.34.H58", organName: "Sở Nội vụ")],
                            documentId: "000.00.32.H58,2026/11/27,15/QĐ-SKHCN", codeNumber: "15", codeNotation: "QĐ-SKHCN",
                            promulgationDate: "2026/11/27", type: "2", subject: "Về việc phê duyệt kế hoạch năm 2027")
        h.typeName = "Quyết định"
        h.signerFullName = "Nguyễn Văn An"
        h.priority = "1"
        h.traces = [EdXMLTrace(organId: "000.00.32.H58", timestamp: "2026/11/27 09:15:00")]
        var generator = SystemRandomNumberGenerator()
        let content = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return EdXMLWriter.package(EdXMLDocument(
            header: h, manifest: [EdXMLReference(contentId: "cid:1", attachmentName: "qd.pdf")],
            attachments: [EdXMLAttachment(contentId: "cid:1", attachmentName: "qd.pdf", content: content, sha256: "")]))
    }

    static func run(_ packages: [(String, [UInt8])], count: Int, progress: Bool) throws -> [Figures] {
        #if os(Linux)
        // A fixed threshold: glibc would otherwise raise it after the first large free and
        // serve the next package from memory already resident, hiding its cost.
        _ = mallocOption(-3, 128 * 1024)  // M_MMAP_THRESHOLD
        #endif
        return try packages.map { name, bytes in
            // A package that cannot be read would measure the refusal, not the parser.
            do { _ = try EdXMLReader.read(bytes, file: name) } catch {
                throw UserFailure(message: "\(name): \(error)")
            }
            let peak = peakMegabytes { _ = try? EdXMLReader.read(bytes, file: name) }
            let runs = max(1, bytes.count > 100_000 ? count / 40 : count)
            // A warm-up, then the median of three rounds (this machine's neighbours are noisy).
            func time(_ body: () -> Void) -> Double {
                for _ in 0..<max(1, runs / 10) { body() }
                let rounds = (0..<3).map { _ in
                    let start = DispatchTime.now().uptimeNanoseconds
                    for _ in 0..<runs { body() }
                    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                }
                return rounds.sorted()[1]
            }
            let floor = Double(runs) / time { try? XMLReader.check(bytes, limits: .edXML) }
            let seconds = time { _ = try? EdXMLReader.read(bytes, file: name, checkSignature: false) }
            let signed = Double(runs) / time { _ = try? EdXMLReader.read(bytes, file: name, checkSignature: true) }
            let figures = Figures(name: name, bytes: bytes.count, packages: runs, seconds: seconds, peakMegabytes: peak,
                                  signedPerSecond: signed, floorPerSecond: floor)
            if progress {
                print(String(format: "%@ (%d bytes), %d per round, medians of 3 on one core: parsed and validated %.0f/s (%.2f× libxml2's bare parse, %.0f/s); with the signature checked %.0f/s; peak %.1f MB for one",
                             name, bytes.count, runs, figures.perSecond, figures.perSecond / floor, floor, signed, peak))
            }
            return figures
        }
    }

    /// Resident memory `body` adds at its peak (Linux: the peak is reset through clear_refs).
    static func peakMegabytes(_ body: () -> Void) -> Double {
        // Hand freed memory back first, or the package would reuse it unseen.
        #if os(Linux)
        _ = mallocTrim(0)
        #endif
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        let before = PeakMemory.kilobytes("VmRSS:")
        body()
        return max(0, PeakMemory.kilobytes("VmHWM:") - before) / 1024
    }
}

#if os(Linux)
/// glibc's malloc_trim and mallopt (malloc.h is not in the Glibc module).
@_silgen_name("malloc_trim")
private func mallocTrim(_ pad: Int) -> Int32

@_silgen_name("mallopt")
private func mallocOption(_ option: Int32, _ value: Int32) -> Int32
#endif
