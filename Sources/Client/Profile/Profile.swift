#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Platform

/// A member's profile directory (mode 0700) and what `profile.json` (mode
/// 0600) records about the community: the server, the community id, the
/// pinned root fingerprint, the last verified community-log head and the
/// current session.
///
///     var profile = try Profile.load(Profile.resolve(explicit: nil, environment: env))
///     profile.serverURL = "https://forum.example.org"
///     try profile.save()
///     let keystore = try Keystore.open(path: profile.keystorePath, passphrase: passphrase)
///
/// The session's bearer token is a secret (whoever holds it acts as the
/// member until it expires), which is why `profile.json` is 0600 in a 0700
/// directory and why loading refuses it otherwise. It is kept in the clear
/// rather than in the keystore so that commands can use a live session
/// without asking for the passphrase; it is short-lived and revocable,
/// unlike the keys.
public struct Profile: Sendable, Equatable {
    /// The `profile.json` version this client writes and reads.
    public static let currentVersion = 1

    /// The last community-log head this client verified.
    public struct LogHead: Sendable, Equatable {
        /// The entry's sequence number.
        public var seq: UInt64
        /// The entry's 32-byte hash (`hash_b64` in the file).
        public var hash: [UInt8]

        /// A head from its sequence number and 32-byte hash.
        public init(seq: UInt64, hash: [UInt8]) {
            self.seq = seq
            self.hash = hash
        }
    }

    /// A bearer session from `POST /v1/auth/session`.
    public struct Session: Sendable, Equatable, CustomStringConvertible {
        /// The bearer token (secret).
        public var token: String
        /// When the server stops accepting it, seconds since the epoch.
        public var expiresAt: UInt64

        /// A session from the server's answer.
        public init(token: String, expiresAt: UInt64) {
            self.token = token
            self.expiresAt = expiresAt
        }

        /// Whether the session has expired at `now` (seconds since the epoch).
        public func isExpired(now: UInt64) -> Bool { now >= expiresAt }

        /// The expiry only; the token is never printed.
        public var description: String { "Session(expires_at: \(expiresAt), token: <redacted>)" }
    }

    /// The profile directory.
    public let directory: String
    /// The server's base URL, e.g. `https://forum.example.org`.
    public var serverURL: String?
    /// The community id (a lower-case UUID).
    public var communityID: String?
    /// The community root's key-bundle fingerprint, pinned at first contact.
    public var rootFingerprint: String?
    /// The last verified community-log head.
    public var logHead: LogHead?
    /// The current session, if any.
    public var session: Session?

    /// An empty profile for `directory` (nothing written yet).
    public init(directory: String) {
        self.directory = directory
    }

    /// `<directory>/profile.json`.
    public var path: String { Files.join(directory, "profile.json") }
    /// `<directory>/keystore`, the member's keystore file.
    public var keystorePath: String { Files.join(directory, "keystore") }

    /// Reads `<directory>/profile.json`. A missing directory or file gives
    /// an empty profile; a directory or file that group or others can access
    /// is refused (with the `chmod` to run); a malformed file is refused
    /// with its path and what is wrong.
    public static func load(_ directory: String) throws(ProfileError) -> Profile {
        var profile = Profile(directory: directory)
        guard Files.exists(directory) else { return profile }
        try checkDirectory(directory)
        let bytes: [UInt8]
        do {
            bytes = try PrivateFile.read(profile.path, limit: 1 << 20)
        } catch .notFound {
            return profile
        } catch let .insecureMode(mode) {
            throw .insecureMode(path: profile.path, mode: mode, fix: "chmod 600 \(profile.path)")
        } catch {
            throw .init(error, path: profile.path)
        }
        try profile.apply(ProfileDocument.decode(bytes, path: profile.path))
        return profile
    }

    /// Writes `profile.json` atomically (mode 0600), creating the directory
    /// (mode 0700) first if needed; refuses a directory others can access.
    public func save() throws(ProfileError) {
        do {
            try Files.makeDirectory(directory, mode: 0o700)
        } catch {
            throw .io(path: directory, error)
        }
        try Self.checkDirectory(directory)
        do {
            try Files.writeAtomically(path, ProfileDocument(self).encoded(), mode: 0o600)
        } catch {
            throw .io(path: path, error)
        }
    }

    /// Refuses a profile directory that is not ours or not private.
    static func checkDirectory(_ directory: String) throws(ProfileError) {
        var st = stat()
        guard stat(directory, &st) == 0 else { throw .io(path: directory, .current("stat")) }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { throw .notPrivate(path: directory, reason: "is not a directory") }
        guard st.st_uid == geteuid() else {
            throw .notPrivate(path: directory, reason: "belongs to another user (uid \(st.st_uid))")
        }
        guard st.st_mode & PrivateFile.groupOtherBits == 0 else {
            throw .insecureMode(path: directory, mode: st.st_mode & 0o7777, fix: "chmod 700 \(directory)")
        }
    }

    /// Copies the decoded fields in.
    private mutating func apply(_ document: ProfileDocument) {
        serverURL = document.serverURL
        communityID = document.communityID
        rootFingerprint = document.rootFingerprint
        logHead = document.decodedLogHead
        session = document.session.map { Session(token: $0.token, expiresAt: $0.expiresAt) }
    }
}

extension ProfileError {
    /// The profile error for a failed `PrivateFile` read.
    init(_ failure: PrivateFile.Failure, path: String) {
        switch failure {
        case .notFound: self = .io(path: path, SystemError("open", code: ENOENT))
        case .notRegular: self = .notPrivate(path: path, reason: "is not a regular file")
        case let .notOwned(uid): self = .notPrivate(path: path, reason: "belongs to another user (uid \(uid))")
        case let .insecureMode(mode): self = .insecureMode(path: path, mode: mode, fix: "chmod 600 \(path)")
        case let .tooLarge(size): self = .malformed(path: path, reason: "\(size) bytes is too large for a profile")
        case let .system(error): self = .io(path: path, error)
        }
    }
}
