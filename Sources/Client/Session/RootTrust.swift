/// How a client decides to trust a community's root key (PROTOCOL.md §3:
/// clients pin its fingerprint).
public enum RootTrust: Sendable, Equatable {
    /// Use the fingerprint the profile pinned before; refuse without one.
    case pinned
    /// The fingerprint the administrators published, given by the user.
    case fingerprint(String)
    /// Trust on first use: accept what the server shows (and say so loudly).
    case firstUse

    /// `ecfe3564 f97aeb21 …` → `ecfe3564f97aeb21…`: lower case, without
    /// spaces or colons; nil unless 40 hex digits remain.
    public static func normalise(_ fingerprint: String) -> String? {
        let hex = fingerprint.lowercased().filter { $0 != " " && $0 != ":" && $0 != "\t" }
        guard hex.count == 40, hex.allSatisfy({ $0.isHexDigit }) else { return nil }
        return hex
    }

    /// Whether two fingerprints are the same, however they are spaced.
    public static func same(_ a: String, _ b: String) -> Bool {
        guard let a = normalise(a), let b = normalise(b) else { return false }
        return a == b
    }
}
