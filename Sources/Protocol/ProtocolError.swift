/// Why a signed structure of the protocol is refused. Messages name the
/// structure and the rule, never secret bytes.
public enum ProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes do not have the protocol's shape.
    case malformed(String)
    /// A signature does not verify.
    case badSignature(String)
    /// The chain of hashes is broken (wrong seq or prev_hash: a fork,
    /// reordering, truncation or a replay).
    case brokenChain(String)
    /// The actor has no right to this entry.
    case notAllowed(String)
    /// The entry or certificate contradicts the state so far.
    case invalid(String)

    public var description: String {
        switch self {
        case .malformed(let what): "malformed: \(what)"
        case .badSignature(let what): "bad signature: \(what)"
        case .brokenChain(let what): "broken chain: \(what)"
        case .notAllowed(let what): "not allowed: \(what)"
        case .invalid(let what): "invalid: \(what)"
        }
    }
}
