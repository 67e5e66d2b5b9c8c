/// Byte classes shared by the rule matchers. The engine works on UTF-8
/// bytes; a *word byte* is ASCII `[0-9A-Za-z_]` (the same for phrase and
/// word boundaries and for the regex `\w` and `\b`). Bytes of non-ASCII
/// characters are not word bytes: the normaliser has already turned accented
/// Latin letters into ASCII, and what remains (symbols, other scripts) is
/// treated as a separator.
enum RuleBytes {
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

    @inline(__always)
    static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }

    @inline(__always)
    static func isWord(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) || byte == 0x5F }

    @inline(__always)
    static func isUppercase(_ byte: UInt8) -> Bool { byte &- 0x41 < 26 }

    /// Space, tab, newline, carriage return, form feed, vertical tab.
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    /// `[a-z0-9-]` and `_`: bytes that continue a host name label.
    @inline(__always)
    static func isHost(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) || byte == 0x2D || byte == 0x5F }

    /// Whether `needle` occurs in `haystack` at `offset`.
    @inline(__always)
    static func hasPrefix(_ haystack: UnsafeBufferPointer<UInt8>, at offset: Int, _ needle: [UInt8]) -> Bool {
        guard offset >= 0, haystack.count - offset >= needle.count else { return false }
        for k in 0..<needle.count where haystack[offset + k] != needle[k] { return false }
        return true
    }
}
