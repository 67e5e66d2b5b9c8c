import Core
import Crypto
import Foundation
import HTTP
import Platform
import Protocol
import Store

/// Login (PROTOCOL.md §2): a single-use challenge signed with the member's
/// key, then a bearer token. Unknown member ids get challenges that look the
/// same and fail the same way, so the API does not tell who is a member.
enum AuthRoutes {
    struct ChallengeRequest: Decodable {
        let member_id: String
    }

    struct ChallengeJSON: Encodable {
        let challenge: String
        let expires_at: UInt64
        let server_origin: String
        let community_id: String
        let min_client_protocol: Int
    }

    struct SessionRequest: Decodable {
        let member_id: String
        let challenge: String
        let signature: String
    }

    struct SessionJSON: Encodable {
        let token: String
        let expires_at: UInt64
        let member_id: String
        let status: String
        let role: String?
    }

    /// A fixed key to verify against when the member is unknown, so that the
    /// work (and time) is the same either way.
    static let decoyKey = (try! SigningSecretKey(seed: [UInt8](repeating: 7, count: 32))).publicKey

    static func routes(_ context: AppContext) -> [APIRoute] {
        [
            APIRoute(.post, "/v1/auth/challenge", "authChallenge", bodyLimit: 4096) { request, _ in
                let body = try request.decodeJSON(ChallengeRequest.self)
                let memberID = try Fields.uuid(body.member_id, "member_id")
                try RateLimits.check(context.limits.challengeByAddress, "ip:" + request.context.clientAddress)
                try RateLimits.check(context.limits.challengeByMember, "member:" + memberID)
                let challenge = Random.bytes(32)
                let now = WallClock.seconds
                let expires = now + context.configuration.challengeLifetime
                try context.database.write { conn in
                    try SessionStore.insertChallenge(conn, challenge: challenge, memberID: memberID, expiresAt: expires)
                    if challenge[0] == 0 { try SessionStore.prune(conn, now: now) }
                }
                return try JSONBody.encode(ChallengeJSON(challenge: Base64.encode(challenge), expires_at: expires,
                                                         server_origin: context.configuration.publicOrigin, community_id: context.communityID,
                                                         min_client_protocol: Service.minClientProtocol))
            },
            APIRoute(.post, "/v1/auth/session", "authSession", bodyLimit: 4096) { request, _ in
                let body = try request.decodeJSON(SessionRequest.self)
                let memberID = try Fields.uuid(body.member_id, "member_id")
                let challenge = try Fields.base64(body.challenge, "challenge", length: 32)
                let signature = try Fields.base64(body.signature, "signature", length: 64)
                try RateLimits.check(context.limits.sessionByAddress, "ip:" + request.context.clientAddress)
                try RateLimits.check(context.limits.sessionByMember, "member:" + memberID)
                let now = WallClock.seconds
                let fresh = try context.database.write { conn in
                    try SessionStore.consumeChallenge(conn, challenge: challenge, memberID: memberID, now: now)
                }
                let member = try context.database.read { conn in try MemberStore.member(conn, id: memberID) }
                let message = SignedMessages.login(serverOrigin: context.configuration.publicOrigin, communityID: context.communityID,
                                                   memberID: memberID, challenge: challenge)
                let key = member.flatMap { try? SigningPublicKey($0.signPublicKey) } ?? decoyKey
                let signed = key.isValidSignature(signature, for: message)
                guard fresh, signed, let member, [.applicant, .rejected, .active].contains(member.status) else {
                    throw APIProblem.loginFailed()
                }
                let token = SessionTokens.make()
                let expires = now + context.configuration.sessionLifetime
                try context.database.write { conn in
                    try SessionStore.insertSession(conn, tokenHash: SessionTokens.hash(token), memberID: memberID, at: now, expiresAt: expires)
                }
                return try JSONBody.encode(SessionJSON(token: token, expires_at: expires, member_id: memberID,
                                                       status: member.status.rawValue, role: member.role), status: 201)
            },
            APIRoute(.delete, "/v1/auth/session", "logout") { _, caller in
                guard let tokenHash = caller.tokenHash else { throw APIProblem.unauthenticated() }
                try context.database.write { conn in try SessionStore.deleteSession(conn, tokenHash: tokenHash) }
                context.sessions.forget(tokenHash)
                return Response(status: 204)
            },
            APIRoute(.get, "/v1/me", "me") { _, caller in
                try JSONBody.encode(try MemberRoutes.me(context, caller.requireMember()))
            },
        ]
    }
}
