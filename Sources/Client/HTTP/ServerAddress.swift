import Foundation

/// A TrustForum server as the client addresses it: a base URL without
/// path, query or user, and its `server_origin` (PROTOCOL.md §1: lower-case
/// scheme and host, the port only when it is not the scheme's default, no
/// trailing slash), which a login signs.
///
///     let server = try ServerAddress("https://Forum.Example.org/")
///     server.origin      // "https://forum.example.org"
///
/// Plain `http://` is accepted for loopback hosts only (a server on this
/// machine, tests): anywhere else the bearer token would cross the network
/// in the clear.
public struct ServerAddress: Sendable, Equatable, CustomStringConvertible {
    /// The normalised origin, e.g. `https://forum.example.org`.
    public let origin: String
    /// The origin as a URL, the base of every request.
    public let url: URL

    /// Parses and normalises `text`; throws `APIError.invalidServerURL` with
    /// the reason.
    public init(_ text: String) throws(APIError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let components = URLComponents(string: trimmed), let rawScheme = components.scheme,
              let rawHost = components.host, !rawHost.isEmpty else {
            throw .invalidServerURL("\(trimmed) is not a URL like https://forum.example.org")
        }
        let scheme = rawScheme.lowercased()
        guard scheme == "https" || scheme == "http" else {
            throw .invalidServerURL("\(trimmed): the scheme must be https (or http for this machine)")
        }
        guard components.user == nil, components.password == nil, components.query == nil, components.fragment == nil,
              components.path.isEmpty || components.path == "/" else {
            throw .invalidServerURL("\(trimmed): give the server's base URL only, without user, path, query or fragment")
        }
        var host = rawHost.lowercased()
        if host.contains(":") && !host.hasPrefix("[") { host = "[" + host + "]" }
        if scheme == "http" && !ServerAddress.isLoopback(host) {
            throw .invalidServerURL("\(trimmed): plain http is only for a server on this machine; use https")
        }
        var origin = scheme + "://" + host
        if let port = components.port, port != (scheme == "https" ? 443 : 80) {
            origin += ":\(port)"
        }
        guard let url = URL(string: origin) else { throw .invalidServerURL("\(trimmed) is not a URL") }
        self.origin = origin
        self.url = url
    }

    /// The origin.
    public var description: String { origin }

    /// `localhost`, `127.0.0.0/8` and `[::1]`.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "[::1]" || host.hasPrefix("127.")
    }
}
