/// Checks that a Host value or absolute-form authority is a plausible `host[:port]`:
/// a DNS-style name or IPv4 address (letters, digits, `-._~`), or an IPv6 literal in
/// brackets (hex digits, `:` and `.`), then optionally `:` and a port of 1–5 digits
/// up to 65535. No userinfo (`@`), no percent-escapes, no whitespace or `/`.
enum HostValidator {
    static func isValid(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Bool {
        guard start < end else { return false }
        var index = start
        if buffer[index] == ASCII.leftBracket {
            index += 1
            while index < end, isIPLiteralByte(buffer[index]) { index += 1 }
            guard index - start >= 3, index < end, buffer[index] == ASCII.rightBracket else { return false }
            index += 1
        } else {
            while index < end, isNameByte(buffer[index]) { index += 1 }
            guard index > start else { return false }
        }
        if index == end { return true }
        guard buffer[index] == ASCII.colon else { return false }
        return isPort(buffer, index + 1, end)
    }

    private static func isPort(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Bool {
        guard (1...5).contains(end - start) else { return false }
        var value = 0
        for index in start..<end {
            let byte = buffer[index]
            guard ASCII.isDigit(byte) else { return false }
            value = value * 10 + Int(byte &- 0x30)
        }
        return value <= 65535
    }

    @inline(__always)
    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E: true
        default: false
        }
    }

    @inline(__always)
    private static func isIPLiteralByte(_ byte: UInt8) -> Bool {
        ASCII.hexValue(byte) != nil || byte == ASCII.colon || byte == ASCII.dot
    }
}
