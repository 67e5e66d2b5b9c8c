import Crypto

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

/// Every variant of `bytes` with one byte flipped, with its position.
func everyFlip(of bytes: [UInt8]) -> [(Int, [UInt8])] {
    bytes.indices.map { ($0, flipped(bytes, at: $0)) }
}
