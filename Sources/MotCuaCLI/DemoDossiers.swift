import Foundation
import MotCuaCore
import MotCuaStore

/// Many dossiers logged at the desk through the store's own path (group commit, 64
/// callers), with progress on standard error: the data set of the HTTP benchmarks.
struct DemoDossiers {
    let runtime: Runtime

    func log(_ count: Int) async throws {
        guard let workflow = runtime.catalog.workflow(forProcedure: "1.000173") ?? runtime.catalog.procedures.first,
              let procedure = workflow.procedure else {
            throw UserFailure(message: "no procedure workflow in the catalog to log dossiers for")
        }
        let desk = Actor(id: "demo-desk", name: "Nguyễn Thị Mai", role: .desk, department: "MC")
        let (store, catalog, calendar) = (runtime.dossiers, runtime.catalog, runtime.calendar)
        let counter = Counter()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    while let i = counter.next(limit: count) {
                        let submission = Submission(
                            procedureCode: procedure.code, channel: .direct,
                            applicant: Applicant(name: "Công dân thử nghiệm \(i + 1)", idNumber: String(format: "0620900%05d", i % 100_000),
                                                 phone: "0905123456", email: "cong.dan\(i + 1)@example.vn", address: "01 Lê Lợi, Tuy Hòa"),
                            summary: "Hồ sơ thử nghiệm số \(i + 1)", documents: [SubmittedDocument(name: "Đơn đề nghị")])
                        _ = try await store.open(submission, by: desk, at: Date(), catalog: catalog, calendar: calendar)
                        if (i + 1) % max(1, count / 20) == 0 {
                            FileHandle.standardError.write(Data("  \(i + 1)/\(count) dossiers logged\n".utf8))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let seconds = BenchPlan.seconds(ContinuousClock.now - start)
        print(String(format: "%d dossiers logged in %.1f s", count, seconds))
    }
}
