import Testing
@testable import HTTP

@Suite struct RouterTests {
    static func route(_ method: HTTPMethod, _ pattern: String) -> Route {
        Route(method, pattern, operation: pattern) { _ in Response() }
    }

    let router: Router = try! Router([
        route(.get, "/v1/threads"),
        route(.post, "/v1/threads"),
        route(.get, "/v1/threads/{id}"),
        route(.get, "/v1/threads/{id}/posts"),
        route(.post, "/v1/threads/{id}/posts"),
        route(.get, "/v1/threads/mine"),
        route(.get, "/healthz"),
    ])

    @Test func literalRoutes() {
        #expect(router.match(.get, ["healthz"]) == .found(index: 6, parameters: [:]))
        #expect(router.match(.post, ["v1", "threads"]) == .found(index: 1, parameters: [:]))
    }

    @Test func parametersAreCaptured() {
        #expect(router.match(.get, ["v1", "threads", "abc"]) == .found(index: 2, parameters: ["id": "abc"]))
        #expect(router.match(.post, ["v1", "threads", "x y", "posts"]) == .found(index: 4, parameters: ["id": "x y"]))
    }

    @Test func literalsWinOverParameters() {
        #expect(router.match(.get, ["v1", "threads", "mine"]) == .found(index: 5, parameters: [:]))
    }

    @Test func headUsesGet() {
        #expect(router.match(.head, ["v1", "threads", "abc"]) == .found(index: 2, parameters: ["id": "abc"]))
    }

    @Test func methodNotAllowedListsTheOthers() {
        #expect(router.match(.delete, ["v1", "threads"]) == .methodNotAllowed(allow: [.get, .head, .post]))
        #expect(router.match(.put, ["v1", "threads", "x", "posts"]) == .methodNotAllowed(allow: [.get, .head, .post]))
    }

    @Test func unknownPathsAreNotFound() {
        #expect(router.match(.get, []) == .notFound)
        #expect(router.match(.get, ["v1"]) == .notFound)
        #expect(router.match(.get, ["v1", "threads", "a", "b"]) == .notFound)
        #expect(router.match(.get, ["v1", "threads", ""]) == .notFound)
        #expect(router.match(.get, ["HEALTHZ"]) == .notFound)
    }

    @Test func duplicateAndBadPatternsAreRefused() {
        #expect(throws: Router.RouterError.duplicate("GET /a")) { try Router([Self.route(.get, "/a"), Self.route(.get, "/a")]) }
        #expect(throws: Router.RouterError.badPattern("a")) { try Router([Self.route(.get, "a")]) }
        #expect(throws: Router.RouterError.badPattern("/a/{b}/{c}")) {
            try Router([Self.route(.get, "/a/{x}"), Self.route(.get, "/a/{b}/{c}")])
        }
    }
}
