import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small synchronous JSON client for the TrustForum API.
///
///     let api = APIClient(server: try ServerAddress("https://forum.example.org"), token: profile.session?.token)
///     let me: Wire.Me = try api.get("/v1/me")
///     let result: Wire.MemberResult = try api.post("/v1/members/\(id)/suspend", body: sanction)
///
/// Every request carries `TrustForum-Protocol: 1`, `Accept` and (with a
/// body) `Content-Type: application/json`, and the bearer token when there
/// is one. Redirects are not followed (the API has none; following one
/// could carry the token elsewhere). Errors are `APIError`s; none of them,
/// and nothing this type prints, contains the token.
public final class APIClient: Sendable {
    /// The protocol version this client speaks (the `TrustForum-Protocol` header).
    public static let protocolVersion = 1
    /// How long a request may take, in seconds.
    public static let defaultTimeout: TimeInterval = 30

    /// The server.
    public let server: ServerAddress
    /// The bearer token (secret; never printed).
    let token: String?
    /// The timeout of every request, in seconds.
    public let timeout: TimeInterval
    private let session: URLSession

    /// A client for `server`, signed in with `token` when given.
    public init(server: ServerAddress, token: String? = nil, timeout: TimeInterval = APIClient.defaultTimeout) {
        self.server = server
        self.token = token
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        session = URLSession(configuration: configuration, delegate: RefuseRedirects(), delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// Whether requests carry a session token.
    public var isSignedIn: Bool { token != nil }

    /// `GET path?query` decoded as `T`.
    public func get<T: Decodable>(_ path: String, query: [(String, String)] = [], as type: T.Type = T.self) throws(APIError) -> T {
        try send("GET", path, query: query).decode(T.self)
    }

    /// `POST path` with `body` as JSON, the answer decoded as `T`.
    public func post<B: Encodable, T: Decodable>(_ path: String, body: B, as type: T.Type = T.self) throws(APIError) -> T {
        let data: Data
        do {
            data = try JSONEncoder().encode(body)
        } catch {
            throw .unexpectedResponse(server: server.origin, status: 0, reason: "the request body could not be encoded")
        }
        return try send("POST", path, body: data).decode(T.self)
    }

    /// `DELETE path`; any 2xx answer is success.
    public func delete(_ path: String) throws(APIError) {
        _ = try send("DELETE", path)
    }

    /// Sends one request and returns a 2xx answer; anything else throws.
    public func send(_ method: String, _ path: String, query: [(String, String)] = [], body: Data? = nil) throws(APIError) -> APIResponse {
        let request = try makeRequest(method, path, query: query, body: body)
        let (data, response) = try perform(request)
        let answer = APIResponse(status: response.statusCode, contentType: response.value(forHTTPHeaderField: "Content-Type") ?? "",
                                 body: data, server: server.origin)
        guard (200..<300).contains(answer.status) else { throw failure(answer) }
        return answer
    }

    private func makeRequest(_ method: String, _ path: String, query: [(String, String)], body: Data?) throws(APIError) -> URLRequest {
        var components = URLComponents()
        components.path = path
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        guard let relative = components.string, let url = URL(string: server.origin + relative) else {
            throw .invalidServerURL("\(server.origin) with path \(path)")
        }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        request.setValue(String(APIClient.protocolVersion), forHTTPHeaderField: "TrustForum-Protocol")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let token { request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = body
        }
        return request
    }

    /// Runs `request` to completion on URLSession's queue and waits for it.
    private func perform(_ request: URLRequest) throws(APIError) -> (Data, HTTPURLResponse) {
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            outcome.set(data, response, error)
            done.signal()
        }
        task.resume()
        done.wait()
        let (data, response, error) = outcome.get()
        if let error {
            throw .unreachable(server: server.origin, reason: APIClient.reason(error))
        }
        guard let response = response as? HTTPURLResponse else {
            throw .unreachable(server: server.origin, reason: "no HTTP answer")
        }
        return (data ?? Data(), response)
    }

    /// The error for a non-2xx answer.
    private func failure(_ answer: APIResponse) -> APIError {
        let problem = answer.problem
        if answer.status == 426 {
            return .clientTooOld(server: server.origin, minimum: problem?.min_client_protocol)
        }
        if answer.status == 401 && token != nil, let problem {
            return .sessionEnded(title: problem.title ?? "The session is unknown, expired or ended.")
        }
        if let problem {
            return .problem(status: answer.status, type: problem.type ?? "about:blank", title: problem.title ?? "HTTP \(answer.status)",
                            detail: problem.detail)
        }
        if (300..<400).contains(answer.status) {
            return .unexpectedResponse(server: server.origin, status: answer.status, reason: "a redirect, which this client does not follow")
        }
        return .unexpectedResponse(server: server.origin, status: answer.status, reason: "not a problem+json answer")
    }

    /// A short reason for a transport error, without the URL's query.
    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        switch nsError.code {
        case NSURLErrorTimedOut: return "no answer within the timeout"
        case NSURLErrorCannotConnectToHost: return "connection refused"
        case NSURLErrorCannotFindHost: return "unknown host"
        case NSURLErrorNotConnectedToInternet: return "not connected to a network"
        case NSURLErrorSecureConnectionFailed, NSURLErrorServerCertificateUntrusted, NSURLErrorServerCertificateHasBadDate,
             NSURLErrorServerCertificateNotYetValid, NSURLErrorServerCertificateHasUnknownRoot:
            return "the TLS connection failed (\(nsError.localizedDescription))"
        default: return nsError.localizedDescription
        }
    }
}

/// The result of one data task, handed from URLSession's queue to the
/// waiting caller under a lock.
private final class Outcome: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    private var response: URLResponse?
    private var error: (any Error)?

    func set(_ data: Data?, _ response: URLResponse?, _ error: (any Error)?) {
        lock.withLock { (self.data, self.response, self.error) = (data, response, error) }
    }

    func get() -> (Data?, URLResponse?, (any Error)?) {
        lock.withLock { (data, response, error) }
    }
}

/// Answers every redirect with "do not follow".
private final class RefuseRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
