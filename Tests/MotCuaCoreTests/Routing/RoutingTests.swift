import Foundation
import MotCuaCore
import MotCuaDefinitions
import Testing

@Suite("Notification routing")
struct RoutingTests {
    static let routes: [NotificationRoute] = {
        let text = try! String(contentsOfFile: Repository.path("config/routes.yaml"), encoding: .utf8)
        return NotificationRoute.decodeAll(yaml: text, file: "config/routes.yaml").routes!
    }()

    func router(_ channels: Set<DeliveryChannel> = [.portal, .email]) -> NotificationRouter {
        NotificationRouter(routes: Self.routes, enabledChannels: channels, organization: Repository.organization)
    }

    @Test("a lifecycle with a supplement round produces portal statuses 2, 4, 5, 4, 9, 10 and the applicant's mails")
    func lifecycle() throws {
        var h = EngineHarness(at: "2027-03-01T08:00")
        var messages = router().messages(previous: nil, after: h.dossier, events: h.events, workflow: h.workflow, calendar: h.calendar)
        let steps: [(String, Actor, String?, [String]?)] = [
            ("forward", Actors.desk, nil, nil), ("forward", Actors.headQLCN, nil, nil),
            ("request_supplement", Actors.specialistQLCN, "Thiếu", ["Phiếu khám"]), ("submit_supplement", Actors.desk, nil, nil),
            ("forward", Actors.specialistQLCN, nil, nil), ("forward", Actors.headQLCN, nil, nil), ("forward", Actors.director, nil, nil),
            ("forward", Actors.clerkVP, nil, nil), ("deliver", Actors.desk, nil, nil),
        ]
        for (i, (action, actor, reason, items)) in steps.enumerated() {
            let before = h.dossier
            let event = h.act(action, by: actor, at: "2027-03-0\(2 + i / 4)T\(10 + i % 4):00", reason: reason, items: items,
                              assignee: action == "forward" && actor == Actors.headQLCN && i == 1 ? Actors.specialistAssignee : nil)
            messages += router().messages(previous: before, after: h.dossier, events: [try #require(event)], workflow: h.workflow,
                                          calendar: h.calendar)
        }
        let portal = messages.filter { $0.channel == .portal }
        let statuses = try portal.map { m -> Int in
            let body = try #require(try JSONSerialization.jsonObject(with: Data(m.payload.utf8)) as? [String: Any])
            return try #require(body["TrangThaiHoSo"] as? Int)
        }
        #expect(statuses == [2, 4, 5, 4, 9, 10])
        #expect(Set(portal.map(\.id)).count == portal.count)
        #expect(portal.first?.id == "000.00.01.H22-270301-0001.1.portal-status")
        let mails = messages.filter { $0.channel == .email }
        let templates = try mails.map { m -> String in
            let payload = try #require(try JSONSerialization.jsonObject(with: Data(m.payload.utf8)) as? [String: Any])
            let vars = try #require(payload["vars"] as? [String: Any])
            #expect(vars["code"] as? String == h.dossier.code)
            return try #require(payload["template"] as? String)
        }
        #expect(templates == ["receipt", "supplement_request", "result_ready"])
        // Without a directory, officers cannot be reached: only the applicant's mails.
        #expect(mails.allSatisfy { $0.target == "a@example.vn" })
        let supplement = try #require(try JSONSerialization.jsonObject(with: Data(mails[1].payload.utf8)) as? [String: Any])
        #expect(((supplement["vars"] as? [String: Any])?["items"] as? [String]) == ["Phiếu khám"])
        #expect((supplement["vars"] as? [String: Any])?["reason"] as? String == "Thiếu")
        #expect(mails.allSatisfy { $0.target == "a@example.vn" })
        // Without SMTP configured, no e-mail is enqueued.
        #expect(router([.portal]).messages(previous: nil, after: h.dossier, events: [h.events[0]], workflow: h.workflow,
                                           calendar: h.calendar).allSatisfy { $0.channel == .portal })
    }

    struct Directory: PeopleDirectory {
        func email(ofUser id: String) -> String? { id == Actors.specialistQLCN.id ? "hoa@example.vn" : nil }
        func emails(of owner: Owner) -> [String] {
            owner.role == .departmentHead && owner.department == "QLCN" ? ["hung@example.vn", "hung@example.vn", "pho@example.vn"] : []
        }
    }

    @Test("officers: the assignee on assignment; the step's officer and the department heads on deadline warnings")
    func officers() throws {
        var h = EngineHarness(at: "2027-03-01T08:00")
        h.act("forward", by: Actors.desk, at: "2027-03-01T09:00")
        let before = h.dossier
        let acted = h.act("forward", by: Actors.headQLCN, at: "2027-03-01T10:00", assignee: Actors.specialistAssignee)
        let event = try #require(acted)
        let assigned = router().messages(previous: before, after: h.dossier, events: [event], workflow: h.workflow, calendar: h.calendar,
                                         people: Directory()).filter { $0.channel == .email }
        #expect(assigned.map(\.target) == ["hoa@example.vn"])
        #expect(assigned.first?.id == "\(h.dossier.code).3.assignment-mail")
        let warnings = router().messages(warning: "overdue", stepSeq: h.dossier.stepSeq, dossier: h.dossier, workflow: h.workflow,
                                         calendar: h.calendar, people: Directory())
        #expect(Set(warnings.map(\.target)) == ["hoa@example.vn", "hung@example.vn", "pho@example.vn"])
        #expect(warnings.count == 3)  // the owner once, each head once (duplicates removed)
        #expect(warnings.allSatisfy { $0.id.hasPrefix("\(h.dossier.code).w3.overdue.") })
        #expect(router().messages(warning: "due_soon", stepSeq: 3, dossier: h.dossier, workflow: h.workflow, calendar: h.calendar,
                                  people: Directory()).count == 3)
        #expect(router([.portal]).messages(warning: "overdue", stepSeq: 3, dossier: h.dossier, workflow: h.workflow,
                                           calendar: h.calendar, people: Directory()).isEmpty)
    }

    @Test("the portal body has the contract's fields, dates as yyyyMMddHHmmss in Vietnam time")
    func portalBody() throws {
        let h = EngineHarness(at: "2027-03-01T08:15")
        let body = PortalMessage.body(dossier: h.dossier, event: h.events[0], workflow: h.workflow, calendar: h.calendar,
                                      unitName: "Phòng Quản lý công nghệ và Chuyên ngành")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(Set(json.keys) == ["MaHoSo", "MaTTHC", "TenTTHC", "TrangThaiHoSo", "KenhThucHien", "ChuHoSo", "NgayTiepNhan", "NgayHenTra",
                                   "NgayKetThucXuLy", "NgayTra", "DonViXuLy", "NoiDungXuLy", "NguoiXuLy", "ThoiDiemXuLy"])
        #expect(json["NgayTiepNhan"] as? String == "20270301081500")
        #expect(json["NgayHenTra"] as? String == "20270315081500")
        #expect(json["ThoiDiemXuLy"] as? String == "20270301081500")
        #expect(json["NgayKetThucXuLy"] is NSNull)
        #expect(json["MaTTHC"] as? String == "1.000173")
        #expect(json["TrangThaiHoSo"] as? Int == 2)
        #expect(json["KenhThucHien"] as? Int == 1)
        #expect(body.hasPrefix(#"{"MaHoSo":"000.00.01.H22-270301-0001","MaTTHC""#))
    }

    @Test("broken route files are reported with line and element")
    func brokenRoutes() {
        let cases: [(String, String)] = [
            ("routes:\n  - {name: a, channel: fax}\n", "bad_value"),
            ("routes:\n  - {name: a, channel: email}\n", "missing_field"),
            ("routes:\n  - {name: a, channel: portal, when: {events: [moved]}}\n", "bad_value"),
            ("routes:\n  - {name: a, channel: portal, when: {colour: red}}\n", "unknown_key"),
            ("routes:\n  - {name: a, channel: portal}\n  - {name: a, channel: portal}\n", "duplicate_route"),
            ("nothing: here\n", "unknown_key"),
        ]
        for (yaml, code) in cases {
            let (routes, problems) = NotificationRoute.decodeAll(yaml: yaml, file: "r.yaml")
            #expect(routes == nil, "\(yaml)")
            #expect(problems.contains { $0.code == code && $0.line != nil }, "\(yaml): \(problems)")
        }
    }
}
