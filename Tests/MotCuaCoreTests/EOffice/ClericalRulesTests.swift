import Foundation
import MotCuaCore
import Testing

@Suite("Clerical rules: notation, types, register books")
struct ClericalRulesTests {
    static let shipped: ClericalRules = {
        let text = try! String(contentsOfFile: Repository.path("config/documents.yaml"), encoding: .utf8)
        let (rules, problems) = ClericalRules.decode(yaml: text, file: "config/documents.yaml")
        precondition(rules != nil, "\(problems)")
        return rules!
    }()

    @Test("numbers below 10 take a leading zero; notations as Decree 30 writes them")
    func notation() throws {
        let rules = Self.shipped
        let decision = try #require(rules.type("QD"))
        let plan = try #require(rules.type("KH"))
        let letter = try #require(rules.type("CV"))
        #expect(DocumentNotation.full(number: 15, type: decision, agency: rules.agencyAbbreviation, unit: nil) == "15/QĐ-SKHCN")
        #expect(DocumentNotation.full(number: 44, type: plan, agency: "SKHCN", unit: "VP") == "44/KH-SKHCN")
        #expect(DocumentNotation.full(number: 5, type: letter, agency: "SKHCN", unit: "VP") == "05/SKHCN-VP")
        #expect(DocumentNotation.number(1) == "01")
        #expect(DocumentNotation.number(10) == "10")
        #expect(DocumentNotation.number(1234) == "1234")
        #expect(DocumentNotation.documentId(organId: "000.00.01.H22", date: CivilDate(year: 2026, month: 1, day: 5)!,
                                            numberAndNotation: "05/SKHCN-VP") == "000.00.01.H22,2026/01/05,05/SKHCN-VP")
    }

    @Test("the shipped file: every Appendix III type, four books, a deadline per urgency")
    func shipped() throws {
        let rules = Self.shipped
        #expect(rules.types.count == 28)
        #expect(rules.type("QYD")?.abbreviation == "QyĐ")
        #expect(rules.type("CTR")?.abbreviation == "CTr")
        #expect(rules.type("CV")?.abbreviation == "")
        #expect(rules.book(for: .incoming, secret: false)?.id == "den")
        #expect(rules.book(for: .incoming, secret: true)?.id == "den-mat")
        #expect(rules.book(for: .outgoing, secret: true)?.id == "di-mat")
        #expect(rules.handlingDays[.flash] == 1)
        #expect(rules.handlingDays.count == EdXMLPriority.allCases.count)
        #expect(rules.duplicates == .flag)
        #expect(rules.invalidSignatures == .refuse)
    }

    @Test("broken files: each problem named with its line")
    func broken() {
        let text = """
            agencyAbbreviation: SKHCN
            books:
              - { id: den, name: Sổ đến, direction: sideways }
              - { id: den, name: Sổ đến 2, direction: incoming }
            handlingDays: { normal: -1 }
            duplicates: maybe
            types:
              - { code: QD, name: Quyết định, abbreviation: QĐ }
              - { code: QD, name: Quyết định, abbreviation: QĐ }
            colour: red
            """
        let (rules, problems) = ClericalRules.decode(yaml: text, file: "documents.yaml")
        #expect(rules == nil)
        let codes = Set(problems.map(\.code))
        for code in ["bad_direction", "duplicate_book", "bad_days", "bad_policy", "duplicate_type", "unknown_key", "missing_book"] {
            #expect(codes.contains(code), "\(code) in \(problems)")
        }
        #expect(problems.first { $0.code == "bad_direction" }?.line == 3)
        #expect(ClericalRules.decode(yaml: "{{{", file: "x.yaml").rules == nil)
        #expect(ClericalRules.decode(yaml: "", file: "x.yaml").rules == nil)
    }
}
