import Foundation

/// Why a member command cannot go on. Every case says what to do next;
/// none carries a token, a passphrase or a key.
public enum MemberError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The profile holds no session.
    case notLoggedIn
    /// The profile's session expired at this time (seconds since the epoch).
    case sessionExpired(at: UInt64)
    /// The profile names no server yet.
    case noServer
    /// The profile pins no community and root yet.
    case notPinned
    /// The profile holds no keystore.
    case noKeystore(path: String)
    /// A keystore exists where a new one would go.
    case keystoreExists(path: String)
    /// The server runs another community than the one the profile (or keystore) belongs to.
    case otherCommunity(expected: String, served: String, server: String)
    /// A refusal with its reason (a check of this client, or the server's answer explained).
    case refused(String)

    /// One line for `Error: …`.
    public var description: String {
        switch self {
        case .notLoggedIn:
            return "not logged in. Run 'trustforum login' first."
        case let .sessionExpired(at):
            return "the session expired at \(Date(timeIntervalSince1970: TimeInterval(at))). Run 'trustforum login' first."
        case .noServer:
            return "this profile names no server yet; run 'trustforum apply --server URL …' or 'trustforum login --server URL'"
        case .notPinned:
            return "this profile pins no community root yet: pass --root-fingerprint FPR (the fingerprint the administrators "
                + "published) or, to trust the server on first use, --trust-root"
        case let .noKeystore(path):
            return "no keystore at \(path); run 'trustforum keys init' (or 'trustforum keys import --from FILE') first"
        case let .keystoreExists(path):
            return "\(path) already exists; refusing to overwrite it (use another --profile)"
        case let .otherCommunity(expected, served, server):
            return "the server at \(server) runs community \(served), but this profile belongs to community \(expected); "
                + "check --server, or use another --profile"
        case let .refused(reason):
            return reason
        }
    }
}

/// The server showed something this client's own checks refuse: a root
/// that is not the pinned one, entry 0 that does not verify, keys that do
/// not match the verified log. Commands exit 3 on it (as on a
/// `LogFollower.Failure`).
public struct VerificationFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// What failed and what it means.
    public let message: String

    /// A failure with its message.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
