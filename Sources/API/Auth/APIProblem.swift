import HTTP

/// The problems of the API, in one place so that their types stay stable.
enum APIProblem {
    static func unauthenticated() -> Problem {
        Problem(status: 401, slug: "unauthenticated", title: "Sign in to do this.",
                headers: [HTTPField(name: "WWW-Authenticate", value: "Bearer realm=\"trustforum\"")])
    }

    static func invalidSession() -> Problem {
        Problem(status: 401, slug: "invalid-session", title: "The session is unknown, expired or ended; sign in again.",
                headers: [HTTPField(name: "WWW-Authenticate", value: "Bearer realm=\"trustforum\", error=\"invalid_token\"")])
    }

    static func forbidden() -> Problem {
        Problem(status: 403, slug: "forbidden", title: "Your role does not allow this.")
    }

    static func notFound(_ what: String) -> Problem {
        Problem(status: 404, slug: "not-found", title: "There is no such \(what).")
    }

    static func invalid(_ detail: String) -> Problem {
        Problem(status: 400, slug: "invalid-request", title: "The request is not valid.", detail: detail)
    }

    static func conflict(_ slug: String, _ title: String, detail: String? = nil) -> Problem {
        Problem(status: 409, slug: slug, title: title, detail: detail)
    }

    static func unprocessable(_ slug: String, _ title: String, detail: String? = nil) -> Problem {
        Problem(status: 422, slug: slug, title: title, detail: detail)
    }

    static func rateLimited(retryAfter: Int) -> Problem {
        Problem(status: 429, slug: "rate-limited", title: "Too many requests; wait before trying again.",
                extensions: ["retry_after": String(retryAfter)],
                headers: [HTTPField(name: "Retry-After", value: String(retryAfter))])
    }

    static func clientTooOld(minimum: Int) -> Problem {
        Problem(status: 426, slug: "client-too-old", title: "This client speaks an older protocol than the server accepts; update it.",
                extensions: ["min_client_protocol": String(minimum)])
    }

    static func loginFailed() -> Problem {
        Problem(status: 401, slug: "login-failed", title: "The login did not succeed.")
    }
}
