import Crypto
import Testing

@Suite struct HexTests {
    @Test func encodesLowerCase() {
        #expect(Hex.encode([]) == "")
        #expect(Hex.encode([0x00, 0xff, 0x10, 0xab]) == "00ff10ab")
    }

    @Test func roundTrips() throws {
        for n in 0...40 {
            let bytes = Random.bytes(n)
            #expect(try Hex.decode(Hex.encode(bytes)) == bytes)
        }
        #expect(try Hex.decode("00FFaB") == [0x00, 0xff, 0xab]) // either case
    }

    @Test(arguments: ["0", "abc", "zz", "0g", "0x00", " 00", "00 ", "00\n", "0 0", "00:11", "-1", "ｆｆ", "é0", "00\u{0}0"])
    func refusesInvalidHex(_ text: String) {
        #expect(throws: CryptoError.invalidEncoding("hex")) { try Hex.decode(text) }
    }
}

@Suite struct Base64Tests {
    /// RFC 4648 §10 test vectors.
    @Test func rfc4648Vectors() throws {
        let cases = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in cases {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(try Base64.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base64.encode([0xfb, 0xff]) == "+/8=") // the standard alphabet, not URL-safe
    }

    @Test func roundTrips() throws {
        for n in 0...40 {
            let bytes = Random.bytes(n)
            #expect(try Base64.decode(Base64.encode(bytes)) == bytes)
        }
    }

    @Test(arguments: [
        "Zg", "Zg=", "Zm8", "Zg===", "Zm8==", "Zm9v=", "=", "====", // missing or extra padding
        "Zh==", "Zm9=",                                                // non-zero unused bits
        "-_8=", "+_8=",                                                // URL-safe alphabet
        "Zm9v\n", " Zm9v", "Zm 9v", "Zm9v\r\nZm9v",                    // whitespace, line breaks
        "Zg==Zg==", "Zm9vYg==Zg==", "Z===",                            // data after padding
        "Zm9v!", "Zm9vé", "Zm9\u{0}",                                  // other characters
    ])
    func refusesInvalidBase64(_ text: String) {
        #expect(throws: CryptoError.invalidEncoding("base64")) { try Base64.decode(text) }
        #expect(throws: CryptoError.invalidEncoding("base64")) { try Base64.decodePublic(text) }
    }

    @Test func decodesTheFrankingKeyOfTheVectors() throws {
        #expect(try Base64.decode("BQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQU=") == [UInt8](repeating: 5, count: 32))
    }

    @Test func publicBase64EqualsTheConstantTimeCodecForEveryLength() throws {
        var generator = SystemRandomNumberGenerator()
        for length in 0...200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var out: [UInt8] = Array("x".utf8)
            Base64.appendPublic(bytes, to: &out)
            #expect(String(decoding: out.dropFirst(), as: UTF8.self) == Base64.encode(bytes), "length \(length)")
            #expect(try Base64.decode(String(decoding: out.dropFirst(), as: UTF8.self)) == bytes)
        }
        var rfc: [UInt8] = []
        Base64.appendPublic(Array("foobar".utf8), to: &rfc)
        #expect(String(decoding: rfc, as: UTF8.self) == "Zm9vYmFy")
    }

    /// The public decoder accepts and refuses exactly what libsodium's
    /// strict decoder does: every length of valid text, then thousands of
    /// texts with one character changed, one dropped or padding moved.
    @Test func publicDecodingEqualsTheConstantTimeCodec() throws {
        var generator = SystemRandomNumberGenerator()
        func same(_ text: String) {
            let strict = try? Base64.decode(text)
            let fast = try? Base64.decodePublic(text)
            #expect(strict == fast, "\(text.debugDescription): libsodium \(String(describing: strict)), public \(String(describing: fast))")
        }
        let odd: [UInt8] = Array("=-_ \n\r\t.*AZaz09+/".utf8) + [0, 0x7F, 0x80, 0xC3, 0xFF]
        for length in 0...70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = Base64.encode(bytes)
            #expect(try Base64.decodePublic(text) == bytes)
            same(text)
            let chars = Array(text.utf8)
            guard !chars.isEmpty else { continue }
            for _ in 0..<60 {
                var changed = chars
                changed[Int.random(in: 0..<chars.count, using: &generator)] = odd.randomElement(using: &generator)!
                same(String(decoding: changed, as: UTF8.self))
                var dropped = chars
                dropped.remove(at: Int.random(in: 0..<chars.count, using: &generator))
                same(String(decoding: dropped, as: UTF8.self))
                // Non-zero unused bits before the padding.
                if let pad = chars.firstIndex(of: 61), pad > 0 {
                    var bits = chars
                    bits[pad - 1] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8).randomElement(using: &generator)!
                    same(String(decoding: bits, as: UTF8.self))
                }
            }
        }
        for text in ["", "=", "==", "===", "====", "A===", "AA==", "AB==", "AAA=", "AAB=", "AAAA", "AA=A", "=AAA", "AAAA====", "AA==AA=="] { same(text) }
    }
}
