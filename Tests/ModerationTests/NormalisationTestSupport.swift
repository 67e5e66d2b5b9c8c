@testable import Moderation

/// One normaliser for every test (the built-in tables are built once anyway).
let normaliser = TextNormaliser()

/// The `text` view of `input` as a String.
func text(_ input: String) -> String {
    String(decoding: normaliser.normalise(Array(input.utf8)).text, as: UTF8.self)
}

/// The `skeleton` view of `input` as a String.
func skeleton(_ input: String) -> String {
    String(decoding: normaliser.normalise(Array(input.utf8)).skeleton, as: UTF8.self)
}

/// The `text` view of raw bytes.
func text(bytes: [UInt8]) -> [UInt8] {
    normaliser.normalise(bytes).text
}

/// A small deterministic generator (SplitMix64), so random tests repeat.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Whether `bytes` is well-formed UTF-8 (checked by the standard library's decoder).
func isValidUTF8(_ bytes: [UInt8]) -> Bool {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    while true {
        switch decoder.decode(&iterator) {
        case .scalarValue: continue
        case .emptyInput: return true
        case .error: return false
        }
    }
}
