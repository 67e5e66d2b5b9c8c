import Client
import Core
import Crypto
import Foundation
import HTTP
import Platform
import Protocol
import Testing
@testable import API

/// Per-member quotas come from `Service.Configuration`: a second service
/// over the same store with small quotas answers 429 with Retry-After.
@Suite struct ThreadQuotaTests {
    /// Runs a route of `service` in-process (as TestService.call does).
    static func call<T: Encodable>(_ service: Service, _ method: HTTPMethod, _ path: String, json: T, token: String?) throws -> Response {
        let body = Array(try JSONEncoder().encode(json))
        let segments = path.split(separator: "/").map(String.init)
        guard case .found(let index, let parameters) = service.router.match(method, segments) else { throw TestCommunity.Failure("no route") }
        var headers = HTTPHeaders()
        headers.append(name: "Host", value: "localhost")
        headers.append(name: "Content-Type", value: "application/json")
        if let token { headers.append(name: "Authorization", value: "Bearer " + token) }
        let head = HTTPRequestHead(method: method, target: path, path: path, query: nil, pathSegments: segments, version: HTTPVersion(major: 1, minor: 1),
                                   headers: headers, contentLength: body.count, keepAlive: true, expectsContinue: false)
        let context = RequestContext(requestID: "q", clientAddress: "127.0.0.1", peerAddress: "127.0.0.1",
                                     route: service.router.routes[index].pattern, receivedAt: 0)
        do {
            return try service.router.routes[index].handler(Request(head: head, body: body, parameters: parameters, context: context)).resolved()
        } catch let problem as Problem {
            return .problem(problem, requestID: "q")
        }
    }

    @Test func threadsPostsEpochsAndJoinRequestsAreLimitedPerMember() throws {
        let w = try ThreadWorld()
        // Circles first: the second service replays them at its start.
        let circles = [try w.createCircle("Quota", by: w.c.root).circle, try w.createCircle("Quota 2", by: w.c.root).circle]
        let clock = ManualClock()
        let quotas = ThreadQuotas(threads: .init(2, per: 3600), posts: .init(3, per: 60), epochs: .init(1, per: 3600), joinRequests: .init(1, per: 3600))
        let limited = try Service(database: w.service.database, auditKey: SecureBytes.random(count: 32), communityID: w.communityID,
                                  configuration: .init(publicOrigin: "https://forum.example.org", version: "test", eventLoops: 1, quotas: quotas),
                                  clock: clock)
        let member = w.c.member

        // Epochs: one an hour.
        let first = try Self.call(limited, .post, "/v1/keyrings/\(w.communityID)/epochs", json: try w.epoch(w.communityID, for: w.active, by: member),
                                  token: member.token)
        #expect(first.status == 201)
        let second = try Self.call(limited, .post, "/v1/keyrings/\(w.communityID)/epochs", json: try w.epoch(w.communityID, number: 2, for: w.active, by: member,
                                                                                                              keep: false), token: member.token)
        #expect(second.status == 429)
        #expect(second.headers.contains { $0.name == "Retry-After" })

        // Threads: two an hour.
        var threads: [ThreadRecord] = []
        for expected in [201, 201, 429] {
            let record = w.record(.green, by: member)
            let body = ThreadWorld.ThreadBody(record: .init(record), topics: ["phishing"], ask_experts: false, participants: nil, epoch: nil)
            let response = try Self.call(limited, .post, "/v1/threads", json: body, token: member.token)
            #expect(response.status == expected, "\(response.text)")
            if response.status == 201 { threads.append(record) }
        }
        // Another member has its own bucket.
        let body = ThreadWorld.ThreadBody(record: .init(w.record(.green, by: w.c.expert)), topics: ["phishing"], ask_experts: false,
                                          participants: nil, epoch: nil)
        #expect(try Self.call(limited, .post, "/v1/threads", json: body, token: w.c.expert.token).status == 201)

        // Posts: three a minute, then 429 until the bucket refills.
        for expected in [201, 201, 201, 429] {
            let post = try w.post(threads[0], by: member, epoch: 1, position: (w.state.nextSeq - 1, w.state.head))
            #expect(try Self.call(limited, .post, "/v1/threads/\(threads[0].threadID)/posts", json: PostWire.Submit(post), token: member.token).status == expected)
        }
        clock.advance(seconds: 20)
        let post = try w.post(threads[0], by: member, epoch: 1, position: (w.state.nextSeq - 1, w.state.head))
        #expect(try Self.call(limited, .post, "/v1/threads/\(threads[0].threadID)/posts", json: PostWire.Submit(post), token: member.token).status == 201)

        // Join requests: one an hour.
        #expect(try Self.call(limited, .post, "/v1/circles/\(circles[0])/join-requests", json: ThreadWorld.Empty(), token: member.token).status == 201)
        #expect(try Self.call(limited, .post, "/v1/circles/\(circles[1])/join-requests", json: ThreadWorld.Empty(), token: member.token).status == 429)
    }
}
