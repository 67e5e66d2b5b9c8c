import Core
import Crypto
import HTTP
import Platform
import Store

/// A route as the API declares it: its handler gets the caller, which the
/// one authorization step below has established and checked against
/// Policies/roles.json.
struct APIRoute: Sendable {
    typealias Handler = @Sendable (Request, Caller) throws -> Response
    /// An answer from memory for a caller whose session is cached, tried on
    /// the event loop first; nil sends the request to a worker.
    typealias FastHandler = @Sendable (Request, Caller) throws -> Response?

    let method: HTTPMethod
    let pattern: String
    let operation: String
    let bodyLimit: Int
    let execution: Execution
    let handler: Handler
    let fast: FastHandler?

    init(_ method: HTTPMethod, _ pattern: String, _ operation: String, bodyLimit: Int = 64 * 1024,
         execution: Execution = .worker, fast: FastHandler? = nil, handler: @escaping Handler) {
        self.method = method
        self.pattern = pattern
        self.operation = operation
        self.bodyLimit = bodyLimit
        self.execution = execution
        self.fast = fast
        self.handler = handler
    }
}

/// The one place where who-may-call-what is enforced: every route of the
/// service passes through `wrap`. A route without a rule in the policy
/// stops the service from starting.
struct Authorization: Sendable {
    struct MissingRule: Error, CustomStringConvertible {
        let operation: String
        var description: String { "Policies/roles.json has no permission for the route '\(operation)'" }
    }

    let policy: RolePolicy
    let context: AppContext

    /// The HTTP route for an API route: resolve the caller, check the
    /// policy, then run the handler.
    func wrap(_ route: APIRoute) throws -> Route {
        guard policy.permissions[route.operation] != nil else { throw MissingRule(operation: route.operation) }
        let policy = self.policy
        let context = self.context
        if route.execution == .eventLoop {
            // The loop must never wait on the store: such routes are public.
            precondition(policy.allows(.anonymous, route.operation), "\(route.operation) runs on the event loop but is not public")
            return Route(route.method, route.pattern, operation: route.operation, bodyLimit: route.bodyLimit, execution: .eventLoop) { request in
                try route.handler(request, .anonymous)
            }
        }
        // On the loop: only a caller whose session is in memory, and only
        // the route's answer from memory; anything else goes to a worker.
        var fast: HTTP.FastHandler?
        if let answer = route.fast {
            let operation = route.operation
            fast = { @Sendable (request: Request) throws -> Response? in
                try Authorization.checkProtocolVersion(request)
                guard let caller = try Authorization.cachedCaller(of: request, context: context) else { return nil }
                guard policy.allows(caller.principal, operation) else { return nil }
                return try answer(request, caller)
            }
        }
        return Route(route.method, route.pattern, operation: route.operation, bodyLimit: route.bodyLimit, execution: route.execution,
                     fast: fast) { request in
            try Authorization.checkProtocolVersion(request)
            let caller = try Authorization.caller(of: request, context: context)
            guard policy.allows(caller.principal, route.operation) else {
                throw caller.principal == .anonymous ? APIProblem.unauthenticated() : APIProblem.forbidden()
            }
            return try route.handler(request, caller)
        }
    }

    /// A client that says it speaks an older protocol is refused (426).
    static func checkProtocolVersion(_ request: Request) throws {
        guard let announced = request.head.headers["TrustForum-Protocol"] else { return }
        guard let version = Int(announced), version >= 0 else {
            throw APIProblem.invalid("TrustForum-Protocol must be a whole number")
        }
        if version < Service.minClientProtocol { throw APIProblem.clientTooOld(minimum: Service.minClientProtocol) }
    }

    /// The caller of a request when that needs no store: a certified,
    /// active member whose session is in the cache; nil otherwise (the
    /// worker then resolves the caller, or refuses).
    static func cachedCaller(of request: Request, context: AppContext) throws -> Caller? {
        guard let header = request.head.headers["Authorization"], header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            return nil
        }
        let token = String(header.dropFirst(7))
        guard token.utf8.count <= 128 else { return nil }
        let tokenHash = SessionTokens.hash(token)
        guard let memberID = context.sessions.member(tokenHash, now: WallClock.seconds),
              let certified = context.registry.snapshot.member(memberID), certified.status == .active else { return nil }
        return Caller(principal: .certified(certified.role), memberID: memberID, orgID: certified.orgID, tokenHash: tokenHash)
    }

    /// The caller of a request: anonymous without `Authorization`, else the
    /// member of a live session (401 for anything else, even on public routes,
    /// so that a client learns at once that its session is gone).
    static func caller(of request: Request, context: AppContext) throws -> Caller {
        guard let header = request.head.headers["Authorization"] else { return .anonymous }
        guard header.count > 7, header.prefix(7).lowercased() == "bearer " else { throw APIProblem.invalidSession() }
        let token = String(header.dropFirst(7))
        guard token.utf8.count <= 128 else { throw APIProblem.invalidSession() }
        let tokenHash = SessionTokens.hash(token)
        let now = WallClock.seconds
        let memberID: String
        if let cached = context.sessions.member(tokenHash, now: now) {
            memberID = cached
        } else {
            let session = try context.database.read { conn in try SessionStore.session(conn, tokenHash: tokenHash, now: now) }
            guard let session else { throw APIProblem.invalidSession() }
            context.sessions.remember(tokenHash, memberID: session.memberID, expiresAt: session.expiresAt, now: now)
            memberID = session.memberID
        }
        // A certified member's status and role are the community log's, in memory.
        if let certified = context.registry.snapshot.member(memberID) {
            guard certified.status == .active else { throw APIProblem.invalidSession() }
            return Caller(principal: .certified(certified.role), memberID: memberID, orgID: certified.orgID, tokenHash: tokenHash)
        }
        guard let member = try context.database.read({ conn in try MemberStore.member(conn, id: memberID) }) else {
            throw APIProblem.invalidSession()
        }
        switch member.status {
        case .applicant, .rejected:
            return Caller(principal: .applicant, memberID: memberID, orgID: nil, tokenHash: tokenHash)
        case .active:
            guard let roleName = member.role, let role = Role(rawValue: roleName) else { throw APIProblem.invalidSession() }
            return Caller(principal: .certified(role), memberID: memberID, orgID: member.orgID, tokenHash: tokenHash)
        case .suspended, .revoked:
            throw APIProblem.invalidSession()
        }
    }
}

/// Bearer tokens: 32 random bytes, base64url; the store keeps `H(token)`.
enum SessionTokens {
    static func make() -> String {
        "tf1." + Base64URL.encode(Random.bytes(32))
    }

    static func hash(_ token: String) -> [UInt8] {
        GenericHash.hash(Array(token.utf8))
    }
}

/// Base64 with the URL-safe alphabet and no padding (tokens and codes).
enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        var text = Base64.encode(bytes)
        text = String(text.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// True for a byte of the URL-safe alphabet.
    static func isAlphabet(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
    }
}
