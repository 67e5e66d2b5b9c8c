import Crypto
import Foundation
import Protocol
import Testing

/// The bytes of a hex literal in a test (traps on a typo in the test itself).
func hex(_ text: String) -> [UInt8] {
    try! Hex.decode(text.filter { !$0.isWhitespace })
}

/// `bytes` with bit 0 of byte `index` flipped.
func flipped(_ bytes: [UInt8], at index: Int) -> [UInt8] {
    var copy = bytes
    copy[index] ^= 0x01
    return copy
}

/// The case of a `ProtocolError`, without its message, so tests check the
/// kind of refusal and not its wording.
enum Refusal: Equatable, CustomStringConvertible {
    case malformed, badSignature, brokenChain, notAllowed, invalid

    init(_ error: ProtocolError) {
        switch error {
        case .malformed: self = .malformed
        case .badSignature: self = .badSignature
        case .brokenChain: self = .brokenChain
        case .notAllowed: self = .notAllowed
        case .invalid: self = .invalid
        }
    }

    var description: String {
        switch self {
        case .malformed: "malformed"
        case .badSignature: "badSignature"
        case .brokenChain: "brokenChain"
        case .notAllowed: "notAllowed"
        case .invalid: "invalid"
        }
    }
}

/// Expects `body` to throw a `ProtocolError` of kind `refusal`; returns the
/// error so a test may look at its message.
@discardableResult
func expectRefused<R>(_ refusal: Refusal, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation,
                      _ body: () throws -> R) -> ProtocolError? {
    let error = #expect(throws: ProtocolError.self, comment, sourceLocation: sourceLocation) { _ = try body() }
    if let error {
        #expect(Refusal(error) == refusal, "expected \(refusal), got \(error)", sourceLocation: sourceLocation)
    }
    return error
}
