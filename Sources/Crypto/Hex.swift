import CSodium

/// Hexadecimal text, as the protocol writes hashes and policy versions
/// (`sodium_bin2hex` / `sodium_hex2bin`, both constant-time in the data).
public enum Hex {
    /// Lower-case hex of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        var text = [CChar](repeating: 0, count: bytes.count * 2 + 1)
        bytes.withUnsafeBufferPointer { bin in
            _ = sodium_bin2hex(&text, text.count, bin.baseAddress, bin.count)
        }
        return String(decoding: text.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The bytes of `text`, which must consist of an even number of hex
    /// digits (either case) and nothing else: no prefix, no spaces, no
    /// separators. Throws `CryptoError.invalidEncoding("hex")` otherwise.
    public static func decode(_ text: String) throws -> [UInt8] {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { throw CryptoError.invalidEncoding("hex") }
        var out = [UInt8](repeating: 0, count: digits.count / 2)
        var written = 0
        let status = digits.withUnsafeBufferPointer { hex in
            hex.withMemoryRebound(to: CChar.self) { hex in
                // No ignored characters and no end pointer: libsodium then
                // fails unless every character was consumed.
                sodium_hex2bin(&out, out.count, hex.baseAddress, hex.count, nil, &written, nil)
            }
        }
        guard status == 0, written == out.count else { throw CryptoError.invalidEncoding("hex") }
        return out
    }
}
