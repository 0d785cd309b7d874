import Foundation
import HTTPTypes
import Hummingbird
import MotCuaServer
import MotCuaStore

/// Failures on the console's pages answered as pages (the API's middleware would answer
/// JSON): a busy or unreachable database is 503 with `Retry-After` and a Vietnamese
/// "try again"; anything else is 500 with the request id that is also logged.
struct PageErrors: RouterMiddleware {
    typealias Context = AppContext
    let pages: Pages

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if case .unavailable? = StoreFault.classify(error) {
                context.logger.warning("database unavailable (page)", metadata: ["error": "\(String(describing: error).prefix(300))"])
                return pages.message("Hệ thống đang bận", "Cơ sở dữ liệu tạm thời chưa sẵn sàng, thao tác chưa được thực hiện. Hãy thử lại sau vài giây.",
                                     status: .serviceUnavailable, headers: [.retryAfter: "2"])
            }
            let id = context.requestID
            context.logger.error("internal error (page)", metadata: ["requestId": "\(id)", "error": "\(String(describing: error).prefix(500))"])
            return pages.message("Đã có lỗi", "Hệ thống gặp lỗi khi xử lý yêu cầu. Nếu lỗi lặp lại, hãy báo quản trị viên mã yêu cầu \(id).",
                                 status: .internalServerError)
        }
    }
}
