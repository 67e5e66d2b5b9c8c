/// The closed set of failures of the Crypto module.
///
/// No case carries key material, plaintext or ciphertext: only lengths and
/// the names of the values involved, so an error can be logged as it is.
public enum CryptoError: Error, Equatable, Sendable {
    /// An input had the wrong length: `what` names it ("AEAD nonce"),
    /// `expected` gives the lengths libsodium accepts.
    case invalidLength(what: String, expected: ClosedRange<Int>, actual: Int)
    /// Authentication failed: the ciphertext, tag, nonce, additional data or
    /// key is not the one that was used (tampering or the wrong key).
    case authenticationFailed
    /// libsodium refused a key, e.g. a low-order X25519 public key.
    case invalidKey
    /// Padding that `sodium_unpad` (or our length checks) refuses.
    case invalidPadding
    /// Text that is not strict hex or strict base64 (RFC 4648 §4).
    case invalidEncoding(String)
    /// A parameter outside the range libsodium accepts (block size,
    /// Argon2id limits).
    case invalidParameter(String)
    /// A secret stream ended without a chunk tagged FINAL: it was truncated.
    case streamTruncated
    /// A secret stream was used after its FINAL chunk (push or pull).
    case streamFinished
    /// libsodium failed for a reason other than its inputs (e.g. Argon2id
    /// could not allocate its memory); names the C function.
    case operationFailed(String)
}

extension CryptoError: CustomStringConvertible {
    /// A one-line description without secrets.
    public var description: String {
        switch self {
        case let .invalidLength(what, expected, actual):
            let want = expected.count == 1 ? "\(expected.lowerBound)" : "\(expected.lowerBound)...\(expected.upperBound)"
            return "\(what) must be \(want) bytes, not \(actual)"
        case .authenticationFailed: return "authentication failed"
        case .invalidKey: return "key refused by libsodium"
        case .invalidPadding: return "invalid padding"
        case let .invalidEncoding(what): return "invalid \(what)"
        case let .invalidParameter(what): return "invalid parameter: \(what)"
        case .streamTruncated: return "secret stream truncated (no FINAL chunk)"
        case .streamFinished: return "secret stream already finished"
        case let .operationFailed(function): return "\(function) failed"
        }
    }
}

extension CryptoError {
    /// Throws `invalidLength` unless `actual == expected`: the check that
    /// precedes every C call taking a fixed-size buffer.
    static func checkLength(_ actual: Int, _ expected: Int, _ what: String) throws {
        guard actual == expected else {
            throw CryptoError.invalidLength(what: what, expected: expected...expected, actual: actual)
        }
    }

    /// Throws `invalidLength` unless `actual` lies in `range`.
    static func checkLength(_ actual: Int, in range: ClosedRange<Int>, _ what: String) throws {
        guard range.contains(actual) else {
            throw CryptoError.invalidLength(what: what, expected: range, actual: actual)
        }
    }
}
