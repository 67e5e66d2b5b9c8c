/// Ids in TrustForum are lower-case UUID strings (PROTOCOL.md §1), generated
/// by the client that first signs them.
public enum Identifier {
    /// True for a lower-case, hyphenated, 36-character UUID string.
    public static func isValid(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard utf8.count == 36 else { return false }
        for (i, c) in utf8.enumerated() {
            switch i {
            case 8, 13, 18, 23:
                if c != UInt8(ascii: "-") { return false }
            default:
                let digit = c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
                let lower = c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f")
                if !(digit || lower) { return false }
            }
        }
        return true
    }

    /// A random (version 4) UUID string in lower case, from the given 16 random bytes.
    public static func uuid(fromRandom bytes: [UInt8]) -> String {
        precondition(bytes.count == 16)
        var b = bytes
        b[6] = (b[6] & 0x0f) | 0x40
        b[8] = (b[8] & 0x3f) | 0x80
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (i, byte) in b.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
