/// Why a call to the TrustForum API did not give the answer asked for.
///
/// No case carries the bearer token, a passphrase or a request body: the
/// texts come from the server's problem document (which never echoes what
/// the client sent) or from this client.
///
///     do { let me: Wire.Me = try api.get("/v1/me") }
///     catch .problem(404, _, _, _) { … }
public enum APIError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An `application/problem+json` answer (RFC 9457); `type` is the full
    /// URN, e.g. `urn:trustforum:problem:log-moved`.
    case problem(status: Int, type: String, title: String, detail: String?)
    /// 426: the server needs a newer protocol than this client speaks.
    case clientTooOld(server: String, minimum: Int?)
    /// 401 to a request that carried a session token: the session expired,
    /// was ended, or the member was suspended or removed.
    case sessionEnded(title: String)
    /// No answer: connection refused, DNS, TLS, timeout.
    case unreachable(server: String, reason: String)
    /// An answer that is not what the API documents (status, content type, JSON shape).
    case unexpectedResponse(server: String, status: Int, reason: String)
    /// A server URL the client will not use.
    case invalidServerURL(String)

    /// The problem type without its prefix (`log-moved`), for problem answers.
    public var slug: String? {
        guard case let .problem(_, type, _, _) = self else { return nil }
        let prefix = "urn:trustforum:problem:"
        return type.hasPrefix(prefix) ? String(type.dropFirst(prefix.count)) : type
    }

    /// The HTTP status of a problem answer.
    public var status: Int? {
        switch self {
        case let .problem(status, _, _, _): status
        case .clientTooOld: 426
        case .sessionEnded: 401
        case let .unexpectedResponse(_, status, _): status
        default: nil
        }
    }

    /// One line for `Error: …`.
    public var description: String {
        switch self {
        case let .problem(status, _, title, detail):
            return "\(APIError.plain(title)) (HTTP \(status)\(detail.map { ": " + APIError.plain($0) } ?? ""))"
        case let .clientTooOld(server, minimum):
            let needs = minimum.map { " (it needs protocol \($0))" } ?? ""
            return "this client (protocol \(APIClient.protocolVersion)) is too old for the server at \(server)\(needs); update trustforum"
        case let .sessionEnded(title):
            return "\(APIError.plain(title)) Run 'trustforum login' first."
        case let .unreachable(server, reason):
            return "cannot reach the TrustForum server at \(server): \(reason)"
        case let .unexpectedResponse(server, status, reason):
            return "unexpected answer from \(server) (HTTP \(status)): \(reason)"
        case let .invalidServerURL(reason):
            return "invalid server URL: \(reason)"
        }
    }

    /// Server text with control characters (line breaks, terminal escapes) as spaces.
    static func plain(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }
}
