import Crypto
import Protocol
import Testing

// FrameReader reads back what Crypto's Frame.frame writes (PROTOCOL.md §1), strictly.
@Suite struct FrameReaderTests {
    static let context = "trustforum/test/v1"
    let key = [UInt8](0..<32)
    var framed: [UInt8] {
        Frame.frame(context: Self.context, [.string("abc"), .u64(42), .bytes(key), .string(""), .string("ë€😀"), .u64(UInt64.max), .bytes([])])
    }

    @Test func roundTrip() throws {
        var reader = try FrameReader(framed, context: Self.context)
        #expect(try reader.string() == "abc")
        #expect(try reader.u64() == 42)
        #expect(try reader.bytes(count: 32) == key)
        #expect(try reader.string() == "")
        #expect(try reader.string() == "ë€😀")
        #expect(try reader.u64() == UInt64.max)
        #expect(try reader.next() == [])
        #expect(reader.consumed == framed.count)
        try reader.finish()
    }

    @Test func aFrameWithNoFields() throws {
        let reader = try FrameReader(Frame.frame(context: Self.context, []), context: Self.context)
        try reader.finish()
    }

    @Test func consumedCountsTheBytesRead() throws {
        let bytes = Frame.frame(context: Self.context, [.string("abc")]) + [9, 9]
        var reader = try FrameReader(bytes, context: Self.context)
        #expect(reader.consumed == 4 + Self.context.utf8.count)
        _ = try reader.string()
        #expect(reader.consumed == bytes.count - 2)
        expectRefused(.malformed) { try reader.finish() }
    }

    @Test(arguments: ["trustforum/test/v2", "trustforum/test/v", "trustforum/test/v10", "TRUSTFORUM/TEST/V1", ""])
    func aWrongContextIsRefused(_ other: String) {
        let bytes = Frame.frame(context: other, [.string("abc")])
        expectRefused(.malformed) { try FrameReader(bytes, context: Self.context) }
    }

    @Test func emptyOrShortInputIsRefused() {
        expectRefused(.malformed) { try FrameReader([], context: Self.context) }
        expectRefused(.malformed) { try FrameReader([0, 0, 0], context: Self.context) }
        expectRefused(.malformed) { try FrameReader([0, 0, 0], context: "") }
    }

    @Test func everyTruncationIsRefused() throws {
        let full = framed
        for length in 0..<full.count {
            let prefix = Array(full[..<length])
            #expect(throws: ProtocolError.self, "prefix of \(length) bytes") {
                var reader = try FrameReader(prefix, context: Self.context)
                _ = try reader.string(); _ = try reader.u64(); _ = try reader.bytes(count: 32); _ = try reader.string()
                _ = try reader.string(); _ = try reader.u64(); _ = try reader.next()
                try reader.finish()
            }
        }
    }

    @Test func aShortLengthIsRefused() throws {
        // Two bytes where a 4-byte length should start.
        var reader = try FrameReader(Frame.frame(context: Self.context, []) + [0, 0], context: Self.context)
        expectRefused(.malformed) { try reader.next() }
    }

    @Test func aLengthPastTheEndIsRefused() throws {
        let bytes = Frame.frame(context: Self.context, []) + [0, 0, 0, 5, 1, 2, 3, 4]
        var reader = try FrameReader(bytes, context: Self.context)
        expectRefused(.malformed) { try reader.next() }
        var huge = try FrameReader(Frame.frame(context: Self.context, []) + [0xff, 0xff, 0xff, 0xff, 1], context: Self.context)
        expectRefused(.malformed) { try huge.next() }
        // The context's own length past the end.
        expectRefused(.malformed) { try FrameReader([0, 0, 0, 0x40] + Array(Self.context.utf8), context: Self.context) }
    }

    @Test func readingPastTheLastFieldIsRefused() throws {
        var reader = try FrameReader(Frame.frame(context: Self.context, [.string("a")]), context: Self.context)
        _ = try reader.string()
        try reader.finish()
        expectRefused(.malformed) { try reader.string() }
    }

    @Test func trailingBytesAreRefused() throws {
        for extra in [[0], [0, 0, 0, 0], Frame.frame(context: Self.context, [])] as [[UInt8]] {
            var reader = try FrameReader(Frame.frame(context: Self.context, [.string("a")]) + extra, context: Self.context)
            _ = try reader.string()
            expectRefused(.malformed) { try reader.finish() }
        }
    }

    @Test(arguments: [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0x61, 0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80]] as [[UInt8]])
    func nonUTF8TextIsRefused(_ raw: [UInt8]) throws {
        var reader = try FrameReader(Frame.frame(context: Self.context, [.bytes(raw)]), context: Self.context)
        expectRefused(.malformed) { try reader.string() }
    }

    @Test(arguments: [0, 1, 4, 7, 9, 16])
    func aU64OfAnotherWidthIsRefused(_ width: Int) throws {
        var reader = try FrameReader(Frame.frame(context: Self.context, [.bytes([UInt8](repeating: 1, count: width))]), context: Self.context)
        expectRefused(.malformed) { try reader.u64() }
    }

    @Test func bytesOfAnotherCountAreRefused() throws {
        for count in [0, 31, 33] {
            var reader = try FrameReader(Frame.frame(context: Self.context, [.bytes([UInt8](repeating: 7, count: count))]), context: Self.context)
            expectRefused(.malformed) { try reader.bytes(count: 32) }
        }
    }

    @Test func u64IsBigEndian() throws {
        var reader = try FrameReader(Frame.frame(context: Self.context, [.bytes([1, 2, 3, 4, 5, 6, 7, 8])]), context: Self.context)
        #expect(try reader.u64() == 0x0102_0304_0506_0708)
    }
}
