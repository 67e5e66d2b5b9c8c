// Byte classes of RFC 9110 §5.6 and RFC 9112, as branch-light checks on raw bytes.
// Standard library only: Ops/fuzz compiles this folder on its own.

/// The bytes and byte classes the request-head parser needs.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let percent: UInt8 = 0x25
    static let dot: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F
    static let colon: UInt8 = 0x3A
    static let question: UInt8 = 0x3F
    static let hash: UInt8 = 0x23
    static let comma: UInt8 = 0x2C
    static let leftBracket: UInt8 = 0x5B
    static let rightBracket: UInt8 = 0x5D
    static let del: UInt8 = 0x7F

    /// `tchar` bits for bytes 0–63: ``!#$%&'*+-.`` and digits.
    private static let tokenMaskLow: UInt64 = 0x03ff_6cfa_0000_0000
    /// `tchar` bits for bytes 64–127: letters and ``^_`|~``.
    private static let tokenMaskHigh: UInt64 = 0x57ff_ffff_c7ff_fffe

    /// `tchar` (RFC 9110 §5.6.2): the bytes of methods, field names and coding names.
    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool {
        if byte < 64 { return tokenMaskLow >> UInt64(byte) & 1 == 1 }
        if byte < 128 { return tokenMaskHigh >> UInt64(byte &- 64) & 1 == 1 }
        return false
    }

    /// VCHAR, obs-text, SP or HTAB: what a field value may hold (RFC 9110 §5.5).
    @inline(__always)
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        (byte > space && byte != del) || byte == space || byte == tab
    }

    /// SP or HTAB (`OWS`, RFC 9110 §5.6.3).
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    /// A visible US-ASCII byte (VCHAR, 0x21–0x7E).
    @inline(__always)
    static func isVisible(_ byte: UInt8) -> Bool {
        byte > space && byte < del
    }

    /// An ASCII decimal digit.
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10
    }

    /// Whether any of the eight bytes in `word` is below `limit` (at most 128), in a
    /// few instructions ("Bit Twiddling Hacks", hasless): lets scans skip eight plain bytes at once.
    @inline(__always)
    static func anyByte(in word: UInt64, below limit: UInt8) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        return (word &- ones &* UInt64(limit)) & ~word & (ones &* 0x80) != 0
    }

    /// Whether any of the eight bytes in `word` equals `value`.
    @inline(__always)
    static func anyByte(in word: UInt64, equalTo value: UInt8) -> Bool {
        anyByte(in: word ^ (0x0101_0101_0101_0101 &* UInt64(value)), below: 1)
    }

    /// The value of an ASCII hex digit, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// The byte with ASCII upper-case letters mapped to lower case.
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    /// Whether `buffer[start..<end]` equals `literal`, ignoring ASCII case.
    /// `literal` must be lower case.
    @inline(__always)
    static func equalsIgnoringCase(
        _ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int, _ literal: StaticString
    ) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard end - start == count else { return false }
        let bytes = literal.utf8Start
        for offset in 0..<count where lowercased(buffer[start + offset]) != bytes[offset] {
            return false
        }
        return true
    }

    /// Whether `buffer[start..<end]` equals `literal` exactly.
    @inline(__always)
    static func equals(
        _ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int, _ literal: StaticString
    ) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard end - start == count else { return false }
        let bytes = literal.utf8Start
        for offset in 0..<count where buffer[start + offset] != bytes[offset] {
            return false
        }
        return true
    }

    /// Whether two strings are equal ignoring ASCII case (field names).
    static func equalsIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.utf8, right = rhs.utf8
        guard left.count == right.count else { return false }
        for (a, b) in zip(left, right) where lowercased(a) != lowercased(b) {
            return false
        }
        return true
    }

    /// The range `start..<end` without leading and trailing `OWS`.
    @inline(__always)
    static func trimmed(
        _ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int
    ) -> (start: Int, end: Int) {
        var low = start, high = end
        while low < high, isWhitespace(buffer[low]) { low += 1 }
        while high > low, isWhitespace(buffer[high - 1]) { high -= 1 }
        return (low, high)
    }

    /// A string from bytes already known to be ASCII (or to be decoded leniently).
    @inline(__always)
    static func string(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
    }
}
