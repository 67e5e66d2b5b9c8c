import Crypto
import Testing

@Suite struct FrameTests {
    @Test func prefixesEveryFieldWithItsLength() {
        let bytes = Frame.frame(context: "ctx", [.string("ab"), .u64(1), .bytes([0xff])])
        #expect(bytes == [0, 0, 0, 3, 0x63, 0x74, 0x78,
                          0, 0, 0, 2, 0x61, 0x62,
                          0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1,
                          0, 0, 0, 1, 0xff])
    }

    @Test func emptyFieldsAndNoFields() {
        #expect(Frame.frame(context: "", []) == [0, 0, 0, 0])
        #expect(Frame.frame(context: "c", [.string(""), .bytes([])]) == [0, 0, 0, 1, 0x63, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test func integersAreEightBytesBigEndian() {
        #expect(Frame.frame(context: "", [.u64(0x0102_0304_0506_0708)]).suffix(8) == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(Frame.frame(context: "", [.u64(.max)]).suffix(8) == [UInt8](repeating: 0xff, count: 8))
    }

    @Test func stringsAreUTF8() {
        #expect(Frame.frame(context: "", [.string("é")]) == [0, 0, 0, 0, 0, 0, 0, 2, 0xc3, 0xa9])
    }

    @Test func fieldBoundariesAreUnambiguous() {
        let a = Frame.frame(context: "c", [.string("ab"), .string("c")])
        let b = Frame.frame(context: "c", [.string("a"), .string("bc")])
        #expect(a != b)
        #expect(Frame.frame(context: "c", [.string("1")]) != Frame.frame(context: "c", [.u64(1)]))
    }

    @Test func longFieldsGetFourBytePrefixes() {
        let bytes = Frame.frame(context: "", [.bytes([UInt8](repeating: 1, count: 0x0001_0203))])
        #expect(Array(bytes[4..<8]) == [0x00, 0x01, 0x02, 0x03])
        #expect(bytes.count == 8 + 0x0001_0203)
    }
}
