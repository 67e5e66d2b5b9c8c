import Testing
@testable import HTTP

@Suite struct ASCIITests {
    @Test func tokenBytesMatchRFC9110() {
        let specials = Set("!#$%&'*+-.^_`|~".utf8)
        for value in 0...255 {
            let byte = UInt8(value)
            let isAlpha = (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            let isDigit = (0x30...0x39).contains(byte)
            #expect(ASCII.isTokenByte(byte) == (isAlpha || isDigit || specials.contains(byte)), "byte \(value)")
        }
    }

    @Test func fieldValueBytes() {
        for value in 0...255 {
            let byte = UInt8(value)
            let expected = byte == 0x09 || byte == 0x20 || (0x21...0x7E).contains(byte) || byte >= 0x80
            #expect(ASCII.isFieldValueByte(byte) == expected, "byte \(value)")
        }
    }

    @Test func hexAndCase() {
        #expect(ASCII.hexValue(UInt8(ascii: "0")) == 0)
        #expect(ASCII.hexValue(UInt8(ascii: "f")) == 15)
        #expect(ASCII.hexValue(UInt8(ascii: "F")) == 15)
        #expect(ASCII.hexValue(UInt8(ascii: "g")) == nil)
        #expect(ASCII.lowercased(UInt8(ascii: "A")) == UInt8(ascii: "a"))
        #expect(ASCII.lowercased(UInt8(ascii: "[")) == UInt8(ascii: "["))
        #expect(ASCII.lowercased(0xC1) == 0xC1)
    }
}
