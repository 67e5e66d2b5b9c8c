#if canImport(Glibc)
import Glibc
#endif
import Client
import Core
import Crypto
import Dispatch
import Foundation
import Platform
import Protocol
import Synchronization

/// `TrustForumBench posts`: against a running `trustforum serve` (started by
/// `Ops/bench posts` with trusted proxy 127.0.0.1 and raised quotas), builds
/// a community of 64 members through the API as their clients would, an
/// AMBER thread with all of them and a GREEN thread in the default circle,
/// pre-builds and signs 1 KiB posts, then drives them in at 1, 16 and 64
/// connections: acknowledged durable posts/s with p50/p99. In the same run:
/// one core's Ed25519 verify rate, the ratio, and client rotation of 1,000
/// and 10,000 holders. Leaves `read.env` (a GET of the latest 50 posts with a
/// member's token) and `page.json` (that page) for wrk and nginx.
struct PostsBench {
    let port: UInt16
    let rootProfile: String
    let passphraseFile: String
    let seconds: Double
    let output: String

    static let members = 64
    static let body = String(repeating: "Seen this phishing wave? Details inside. ", count: 25).prefix(1024)

    struct Person {
        let id: String
        let signing: SigningSecretKey
        let box: BoxSecretKey
        var certificate: SignedCertificate
        var token: String = ""
    }

    func run() throws {
        let setup = try Setup(port: port, rootProfile: rootProfile, passphraseFile: passphraseFile)
        print("posts: \(PostsBench.members) members, 1 KiB bodies (padded to 1,280 bytes), pre-built and signed; \(String(format1: seconds)) s per cell")
        let verifyRate = Self.verifyRate()
        print("one core's Ed25519 verify rate: \(Int(verifyRate))/s")
        print("thread            conns    posts/s   p50_ms   p99_ms   ok/sent   posts/s ÷ verifies/s")
        for (name, thread) in [("AMBER (own keyring)", setup.amber!), ("GREEN (default circle)", setup.green!)] {
            for connections in [1, 16, 64] {
                let needed = Int(seconds * 12_000) + 1000
                let pool = try setup.prebuild(thread, count: needed)
                let result = try EpollLoad.drive(port: port, requests: pool.requests, connections: connections, seconds: seconds)
                print("\(pad(name, 22)) \(pad(String(connections), 5)) \(pad(String(Int(result.rate)), 10)) \(pad(String(format: "%.3f", result.p50), 8)) \(pad(String(format: "%.3f", result.p99), 8)) \(pad("\(result.ok)/\(result.sent)", 9))   \(String(format: "%.2f", result.rate / verifyRate))")
            }
        }
        try setup.writeReadFixtures(to: output)
        try Self.rotation()
    }

    // MARK: - Load

    struct Prepared: Sendable {
        let requests: [[UInt8]]
    }

    struct LoadResult {
        let rate: Double
        let p50: Double
        let p99: Double
        let ok: Int
        let sent: Int
    }

    /// One core verifying Ed25519 signatures over a post-sized message.
    static func verifyRate() -> Double {
        let key = SigningSecretKey()
        let message = Random.bytes(700)
        let signature = key.sign(message)
        let publicKey = key.publicKey
        var count = 0
        let started = MonotonicClock.now
        while MonotonicClock.now - started < 2_000_000_000 {
            for _ in 0..<100 where publicKey.isValidSignature(signature, for: message) { count += 1 }
        }
        return Double(count) / (Double(MonotonicClock.now - started) / 1e9)
    }

    // MARK: - Rotation

    /// Client rotation of a 1,000- and a 10,000-holder circle: sealing and
    /// signing every wrap on both cores, certificates already verified.
    static func rotation() throws {
        let root = SigningSecretKey()
        let rootBox = BoxSecretKey()
        let communityID = ThreadComposer.newID()
        let rootID = ThreadComposer.newID()
        let now = WallClock.seconds
        let rootFile = RootCertificateFile.make(communityID: communityID, memberID: rootID, orgID: ThreadComposer.newID(), key: root,
                                                boxKey: rootBox.publicKey, issuedAt: now - 60, validity: 10 * 366 * 86_400)
        var state = CommunityState(communityID: communityID, policy: try RolePolicy.embedded())
        var entries = [rootFile.entry]
        try state.apply(rootFile.entry)
        let org = ThreadComposer.newID()
        var ids: [String] = []
        for _ in 0..<10_000 {
            let id = ThreadComposer.newID()
            let cert = Certificate(communityID: communityID, memberID: id, orgID: org, role: .member, signPublicKey: SigningSecretKey().publicKey,
                                   boxPublicKey: BoxSecretKey().publicKey, issuedAt: now - 30, expiresAt: now + 86_400 * 300, issuerID: rootID)
            let signed = SignedCertificate.issue(cert, by: root)
            let entry = LogEntry.sign(communityID: communityID, seq: state.nextSeq, kind: .certify, actorID: rootID, payload: signed.payload,
                                      prevHash: state.head, key: root)
            try state.apply(entry)
            entries.append(entry)
            ids.append(id)
        }
        let community = VerifiedCommunity(state: state, entries: entries)
        let me = ThreadMember(memberID: rootID, signingKey: root, boxKey: rootBox)
        let head = LogFollower.Head(seq: state.nextSeq - 1, hash: state.head)
        print("client rotation (seal + sign every wrap, both cores, certificates verified and cached), median of 3:")
        for holders in [1_000, 10_000] {
            var times: [Double] = []
            for _ in 0..<3 {
                let set = Set(ids.prefix(holders - 1) + [rootID])
                let started = MonotonicClock.now
                let draft = try Rotation.newEpoch(keyringID: communityID, number: 2, head: head, holders: set, community: community, by: me, now: now)
                times.append(Double(MonotonicClock.now - started) / 1e9)
                precondition(draft.wraps.count == holders)
            }
            print("  \(pad(String(holders), 6)) holders: \(String(format: "%.3f", times.sorted()[1])) s")
        }
    }
}

func pad(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
}
