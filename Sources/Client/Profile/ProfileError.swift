import Platform

/// Why a profile directory or its `profile.json` could not be used.
/// Every case names the path; none carries the session token.
public enum ProfileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No `--profile`, `TRUSTFORUM_HOME`, `XDG_CONFIG_HOME` or `HOME` to
    /// find the profile directory with.
    case noHome
    /// The file is not a profile: invalid JSON, a missing or mistyped field,
    /// an invalid value. `reason` says which.
    case malformed(path: String, reason: String)
    /// A `version` newer than this client's.
    case unsupportedVersion(path: String, version: Int)
    /// The directory or file gives group or others some access.
    case insecureMode(path: String, mode: UInt32, fix: String)
    /// Not a directory / not a regular file of ours.
    case notPrivate(path: String, reason: String)
    /// A system call failed.
    case io(path: String, SystemError)

    /// One line for `Error: …`, naming the path and the fix where there is one.
    public var description: String {
        switch self {
        case .noHome:
            return "cannot find the profile directory: set HOME or TRUSTFORUM_HOME, or pass --profile DIR"
        case let .malformed(path, reason):
            return "\(path) is not a valid TrustForum profile: \(reason)"
        case let .unsupportedVersion(path, version):
            return "\(path) has profile version \(version), newer than this client's; upgrade trustforum"
        case let .insecureMode(path, mode, fix):
            return "\(path) has mode \(PrivateFile.octal(mode)): group and others must have no access; run: \(fix)"
        case let .notPrivate(path, reason):
            return "\(path) \(reason)"
        case let .io(path, error):
            return "\(path): \(error)"
        }
    }
}
