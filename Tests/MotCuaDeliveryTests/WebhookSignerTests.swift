import MotCuaDelivery
import Testing

@Suite("Standard Webhooks signature")
struct WebhookSignerTests {
    @Test("the specification's example signs to its published value")
    func specificationExample() throws {
        let signer = try #require(WebhookSigner(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let signature = signer.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330,
                                         body: Array(#"{"test": 2432232314}"#.utf8))
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        // Any change to id, time or body changes the signature.
        #expect(signer.signature(id: "msg_x", timestamp: 1_614_265_330, body: Array(#"{"test": 2432232314}"#.utf8)) != signature)
        #expect(signer.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_331,
                                 body: Array(#"{"test": 2432232314}"#.utf8)) != signature)
    }

    @Test("bad secrets are refused and the signer never prints its key")
    func secrets() throws {
        #expect(WebhookSigner(secret: "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") == nil)
        #expect(WebhookSigner(secret: "whsec_not base64!") == nil)
        #expect(WebhookSigner(secret: "whsec_c2hvcnQ=") == nil)
        let signer = try #require(WebhookSigner(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        #expect(!"\(signer)".contains("MfKQ9r8G"))
        #expect(!String(reflecting: signer).contains("MfKQ9r8G"))
    }
}
