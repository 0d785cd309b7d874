import Hummingbird

extension Pages {
    /// A form whose token is missing or not the session's (403; nothing was written).
    func forgedForm(_ layout: [String: Any] = [:], hint: String = "Hãy tải lại trang rồi thao tác lại.") -> Response {
        message("Phiên biểu mẫu không hợp lệ", hint, status: .forbidden, signedIn: layout)
    }

    /// A page or action the officer's role does not give (403).
    func refused(_ text: String, _ layout: [String: Any]) -> Response {
        message("Không có quyền", text, status: .forbidden, signedIn: layout)
    }

    /// A dossier that does not exist or that the officer may not see: the same answer (404).
    func dossierNotFound(_ layout: [String: Any]) -> Response {
        message("Không tìm thấy hồ sơ", "Không có hồ sơ này, hoặc bạn không có quyền xem hồ sơ này.", status: .notFound, signedIn: layout)
    }
}
