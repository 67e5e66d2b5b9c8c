import Testing
@testable import HTTP

@Suite struct TrustedProxiesTests {
    let proxies = TrustedProxies([.init("10.0.0.0/8")!, .init("192.168.1.5")!, .init("fd00::/8")!])

    @Test func untrustedPeerKeepsItsAddress() {
        #expect(proxies.clientAddress(peer: "203.0.113.7", forwardedFor: ["198.51.100.1"]) == "203.0.113.7")
    }

    @Test func trustedPeerGivesTheRightmostUntrustedEntry() {
        #expect(proxies.clientAddress(peer: "10.1.2.3", forwardedFor: ["1.1.1.1, 198.51.100.1"]) == "198.51.100.1")
        #expect(proxies.clientAddress(peer: "10.1.2.3", forwardedFor: ["1.1.1.1", "198.51.100.1, 192.168.1.5"]) == "198.51.100.1")
        #expect(proxies.clientAddress(peer: "fd12::1", forwardedFor: ["2001:db8::1"]) == "2001:db8::1")
    }

    @Test func spoofedLeftEntriesAreIgnored() {
        // A client sends its own X-Forwarded-For; the proxy appends the real address.
        #expect(proxies.clientAddress(peer: "10.0.0.1", forwardedFor: ["127.0.0.1, 203.0.113.50"]) == "203.0.113.50")
    }

    @Test func malformedEntryStopsAtTheProxy() {
        #expect(proxies.clientAddress(peer: "10.0.0.1", forwardedFor: ["203.0.113.5, not-an-ip"]) == "10.0.0.1")
        #expect(proxies.clientAddress(peer: "10.0.0.1", forwardedFor: ["garbage, 10.0.0.2"]) == "10.0.0.2")
    }

    @Test func noHeaderMeansThePeer() {
        #expect(proxies.clientAddress(peer: "10.0.0.1", forwardedFor: []) == "10.0.0.1")
    }

    @Test func blocksParseAndMatch() {
        #expect(TrustedProxies.Block("10.0.0.0/33") == nil)
        #expect(TrustedProxies.Block("10.0.0.0/x") == nil)
        #expect(TrustedProxies.Block("example.org") == nil)
        #expect(proxies.isTrusted("10.255.255.255"))
        #expect(!proxies.isTrusted("11.0.0.0"))
        #expect(proxies.isTrusted("::ffff:10.0.0.1"))
        #expect(!proxies.isTrusted("192.168.1.6"))
        #expect(TrustedProxies.parse(["10.0.0.1", " bogus "]) == .failure(.init(entry: "bogus")))
    }
}
