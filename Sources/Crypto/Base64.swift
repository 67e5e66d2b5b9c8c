import CSodium

/// Standard base64 with padding (RFC 4648 §4), the protocol's encoding of
/// binary values in JSON, through libsodium's constant-time codec.
public enum Base64 {
    /// libsodium's variant: the standard alphabet, with `=` padding.
    private static let variant = Int32(sodium_base64_VARIANT_ORIGINAL)

    /// The base64 text of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        let length = sodium_base64_encoded_len(bytes.count, variant) // includes the NUL
        var text = [CChar](repeating: 0, count: length)
        bytes.withUnsafeBufferPointer { bin in
            _ = sodium_bin2base64(&text, text.count, bin.baseAddress, bin.count, variant)
        }
        return String(decoding: text.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Appends the base64 text of `bytes` to `out`, table-driven and NOT
    /// constant-time: only for public bytes (ciphertext, signatures, hashes
    /// a server sends anyway), where libsodium's constant-time codec is
    /// the bottleneck of a page of posts. Same output as `encode`.
    public static func appendPublic(_ bytes: [UInt8], to out: inout [UInt8]) {
        let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        let table = UnsafeBufferPointer(start: alphabet.utf8Start, count: 64)
        out.reserveCapacity(out.count + (bytes.count + 2) / 3 * 4)
        var i = 0
        let n = bytes.count
        while i + 3 <= n {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out.append(table[Int(v >> 18)])
            out.append(table[Int((v >> 12) & 63)])
            out.append(table[Int((v >> 6) & 63)])
            out.append(table[Int(v & 63)])
            i += 3
        }
        if n - i == 1 {
            let v = UInt32(bytes[i]) << 16
            out.append(table[Int(v >> 18)])
            out.append(table[Int((v >> 12) & 63)])
            out.append(61)
            out.append(61)
        } else if n - i == 2 {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out.append(table[Int(v >> 18)])
            out.append(table[Int((v >> 12) & 63)])
            out.append(table[Int((v >> 6) & 63)])
            out.append(61)
        }
    }

    /// The bytes of `text`, decoded strictly: only the standard alphabet,
    /// exactly the padding RFC 4648 §4 requires, unused trailing bits zero,
    /// no whitespace or line breaks, no URL-safe characters. Throws
    /// `CryptoError.invalidEncoding("base64")` otherwise.
    public static func decode(_ text: String) throws -> [UInt8] {
        let chars = Array(text.utf8)
        guard chars.count % 4 == 0 else { throw CryptoError.invalidEncoding("base64") }
        var out = [UInt8](repeating: 0, count: chars.count / 4 * 3)
        var written = 0
        let status = chars.withUnsafeBufferPointer { b64 in
            b64.withMemoryRebound(to: CChar.self) { b64 in
                // No ignored characters and no end pointer: libsodium then
                // fails unless the whole text was consumed.
                sodium_base642bin(&out, out.count, b64.baseAddress, b64.count, nil, &written, nil, variant)
            }
        }
        guard status == 0 else { throw CryptoError.invalidEncoding("base64") }
        out.removeLast(out.count - written)
        return out
    }

    /// The bytes of `text`, decoded as strictly as `decode` (the same
    /// refusals: a test compares them), table-driven and NOT constant-time:
    /// only for public values (ciphertext, nonces, signatures, hashes a
    /// request carries), where libsodium's constant-time codec is a
    /// measurable part of ingesting a post.
    public static func decodePublic(_ text: String) throws -> [UInt8] {
        var text = text
        return try text.withUTF8 { chars -> [UInt8] in
            let n = chars.count
            guard n % 4 == 0 else { throw CryptoError.invalidEncoding("base64") }
            if n == 0 { return [] }
            let padding = chars[n - 1] == 61 ? (chars[n - 2] == 61 ? 2 : 1) : 0
            var out = [UInt8]()
            out.reserveCapacity(n / 4 * 3)
            var i = 0
            while i < n {
                let last = i + 4 == n
                let a = decodeTable[Int(chars[i])], b = decodeTable[Int(chars[i + 1])]
                let c = last && padding == 2 ? 0 : decodeTable[Int(chars[i + 2])]
                let d = last && padding >= 1 ? 0 : decodeTable[Int(chars[i + 3])]
                guard a | b | c | d < 64 else { throw CryptoError.invalidEncoding("base64") }
                let v = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                out.append(UInt8(truncatingIfNeeded: v >> 16))
                if !(last && padding == 2) { out.append(UInt8(truncatingIfNeeded: v >> 8)) } else if v & 0xFFFF != 0 {
                    throw CryptoError.invalidEncoding("base64")
                }
                if !(last && padding >= 1) { out.append(UInt8(truncatingIfNeeded: v)) } else if padding == 1, v & 0xFF != 0 {
                    throw CryptoError.invalidEncoding("base64")
                }
                i += 4
            }
            return out
        }
    }

    /// Each byte's 6-bit value in the standard alphabet; 0xFF for any other byte ('=' included).
    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, char) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(char)] = UInt8(index)
        }
        return table
    }()
}
