import Foundation

/// The body of a status push to the provincial portal: the contract's fields, dates as
/// `yyyyMMddHHmmss` in the calendar's zone (Asia/Ho_Chi_Minh), in a fixed key order.
public enum PortalMessage {
    /// The JSON body for an event of a dossier (the dossier as it is after the event).
    public static func body(dossier d: Dossier, event e: DossierEvent, workflow: Workflow, calendar: WorkingCalendar,
                            unitName: String) -> String {
        let offset = calendar.utcOffset
        func date(_ value: Date?) -> String? { value.map { Timestamp.compact($0, offset: offset) } }
        let transition = e.from.flatMap { workflow.transition(e.action, from: $0) }
        let label = transition?.label ?? (e.kind == .created ? "Tiếp nhận hồ sơ" : e.action)
        let content = [label, e.reason, e.note].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        var out = "{"
        var first = true
        func key(_ k: String) {
            if !first { out += "," }
            first = false
            JSONText.quote(k, into: &out)
            out += ":"
        }
        func string(_ k: String, _ v: String?) {
            key(k)
            if let v { JSONText.quote(v, into: &out) } else { out += "null" }
        }
        func int(_ k: String, _ v: Int) {
            key(k)
            out += String(v)
        }
        string("MaHoSo", d.code)
        string("MaTTHC", workflow.procedure?.nationalCode ?? d.procedureCode)
        string("TenTTHC", workflow.procedure?.name)
        int("TrangThaiHoSo", e.portalStatus)
        int("KenhThucHien", d.channel.portalCode)
        string("ChuHoSo", d.applicant.name)
        string("NgayTiepNhan", date(d.receivedAt))
        string("NgayHenTra", date(d.dueAt))
        string("NgayKetThucXuLy", date(d.finishedAt))
        string("NgayTra", date(d.returnedAt))
        string("DonViXuLy", unitName)
        string("NoiDungXuLy", content)
        string("NguoiXuLy", e.actor.name)
        string("ThoiDiemXuLy", date(e.at))
        out += "}"
        return out
    }
}
