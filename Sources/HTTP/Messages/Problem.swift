/// An RFC 9457 problem: the one shape every error response has.
///
/// `type` is a stable URN built from `slug` (`urn:trustforum:problem:not-found`);
/// clients switch on it. `title` is fixed per type and `detail` is written by
/// the server: neither ever echoes what the client sent.
///
///     throw Problem(status: 404, slug: "not-found", title: "No such resource")
public struct Problem: Error, Sendable, Equatable {
    /// The prefix of every problem type.
    public static let typePrefix = "urn:trustforum:problem:"

    public var status: Int
    public var slug: String
    public var title: String
    public var detail: String?
    /// Extra members (RFC 9457 §3.2), e.g. `rule_id` or `current_version`,
    /// as already-encoded JSON values.
    public var extensions: [String: String]
    /// Headers that belong with this problem (`Allow`, `Retry-After`).
    public var headers: [HTTPField]

    public init(status: Int, slug: String, title: String, detail: String? = nil,
                extensions: [String: String] = [:], headers: [HTTPField] = []) {
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.extensions = extensions
        self.headers = headers
    }

    /// The full `type` URI.
    public var type: String { Problem.typePrefix + slug }

    /// The problem as JSON bytes; `requestID` is added as `request_id`.
    public func jsonBody(requestID: String?) -> [UInt8] {
        var text = "{\"type\":" + JSONText.quote(type)
            + ",\"title\":" + JSONText.quote(title)
            + ",\"status\":" + String(status)
        if let detail { text += ",\"detail\":" + JSONText.quote(detail) }
        if let requestID { text += ",\"request_id\":" + JSONText.quote(requestID) }
        for key in extensions.keys.sorted() {
            text += "," + JSONText.quote(key) + ":" + extensions[key]!
        }
        text += "}"
        return Array(text.utf8)
    }
}

extension Problem {
    public static func notFound() -> Problem {
        Problem(status: 404, slug: "not-found", title: "There is no resource at this path.")
    }

    public static func methodNotAllowed(allow: [HTTPMethod]) -> Problem {
        Problem(status: 405, slug: "method-not-allowed", title: "This method is not allowed on this resource.",
                headers: [HTTPField(name: "Allow", value: allow.map(\.name).joined(separator: ", "))])
    }

    public static func bodyTooLarge(limit: Int) -> Problem {
        Problem(status: 413, slug: "body-too-large", title: "The request body is larger than this resource accepts.",
                extensions: ["max_body_bytes": String(limit)])
    }

    public static func requestTimeout() -> Problem {
        Problem(status: 408, slug: "request-timeout", title: "The request did not arrive in time.")
    }

    public static func overloaded() -> Problem {
        Problem(status: 503, slug: "overloaded", title: "The server is busy; try again shortly.",
                headers: [HTTPField(name: "Retry-After", value: "1")])
    }

    public static func tooManyConnections() -> Problem {
        Problem(status: 503, slug: "too-many-connections", title: "The server has reached its connection limit; try again shortly.",
                headers: [HTTPField(name: "Retry-After", value: "1")])
    }

    public static func internalError() -> Problem {
        Problem(status: 500, slug: "internal-error", title: "The server failed to handle this request.")
    }

    public static func badRequest(_ slug: String, _ title: String, detail: String? = nil) -> Problem {
        Problem(status: 400, slug: slug, title: title, detail: detail)
    }
}
