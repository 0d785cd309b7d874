import Foundation
import MotCuaCore
@testable import MotCuaStore
import Testing

/// What the access log keeps is what was read, whatever the text: the entries are written
/// in batches (arrays on PostgreSQL, once `COPY` text, where a tab, a newline or a backslash
/// in a value would end a column or a row, or read as NULL).
@Suite("Store: the access log")
struct AccessLogTests {
    static let names = ["Nguyễn Thị Mai", "tab\there", "line\nbreak", "carriage\rreturn", "back\\slash", "\\N", "\\.", "\\",
                        "ends with \\", "'quoted' \"both\"", "emoji 👩‍💼 and \u{200B}zero width", String(repeating: "Đ", count: 2000)]

    @Test("entries come back exactly, in order, hostile text and all, across write batches", arguments: StoreBackend.all)
    func exact(backend: StoreBackend) async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await backend.open(dir).store
        let start = Fixture.vn("2027-03-01T08:00")
        let code = try await Fixture.logged(in: store, at: start)
        let other = try await Fixture.logged(in: store, at: start)
        var written: [AccessEntry] = []
        for (i, name) in Self.names.enumerated() {
            let reader = Actor(id: "u-\(i)\t\\", name: name, role: i % 2 == 0 ? .desk : .specialist, department: nil)
            written.append(AccessEntry(dossierCode: code, reader: reader, view: i % 3 == 0 ? "dossier" : "inbox\n\\N",
                                       at: start.addingTimeInterval(Double(i) + 0.123456)))
        }
        try await store.recordAccess(written)
        // More than one write's worth for another dossier (a thousand rows a write).
        let many = (0..<2_345).map { i in
            AccessEntry(dossierCode: other, reader: Fixture.desk, view: "list", at: start.addingTimeInterval(Double(i)))
        }
        try await store.recordAccess(many)

        let read = try await store.accessLog(dossier: code)
        #expect(read.count == written.count)
        for (got, want) in zip(read, written) {
            #expect(got.dossierCode == want.dossierCode)
            #expect(got.reader.id == want.reader.id)
            #expect(got.reader.name == want.reader.name)
            #expect(got.reader.role == want.reader.role)
            #expect(got.view == want.view)
            #expect(abs(got.at.timeIntervalSince(want.at)) < 1e-6)
        }
        let others = try await store.accessLog(dossier: other, limit: 5_000)
        #expect(others.map(\.at) == many.map(\.at))
        #expect(try await store.accessLogCount() == written.count + many.count)
    }
}
