import HTTP

/// `GET /v1/policies/moderation`: the bundle every client evaluates before
/// encrypting a post, and its version (PROTOCOL.md §7). Public, answered on
/// the event loop from bytes made once.
enum PolicyRoutes {
    static func routes(_ context: AppContext) -> [APIRoute] {
        let body = context.moderation.json
        return [
            APIRoute(.get, "/v1/policies/moderation", "moderationPolicy", execution: .eventLoop) { _, _ in .json(body) },
        ]
    }
}
