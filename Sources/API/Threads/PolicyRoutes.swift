import HTTP

/// `GET /v1/policies/moderation`: the bundle every client evaluates before
/// encrypting a post, and its version (PROTOCOL.md §7). Public, answered on
/// the event loop from the body of the policy in force (made once per policy;
/// a reload swaps it whole).
enum PolicyRoutes {
    static func routes(_ context: AppContext) -> [APIRoute] {
        [
            APIRoute(.get, "/v1/policies/moderation", "moderationPolicy", execution: .eventLoop) { _, _ in .json(context.moderation.json) },
        ]
    }
}
