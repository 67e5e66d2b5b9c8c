import Crypto
import Testing

@Suite struct PaddingTests {
    @Test func padsToTheNextMultipleAlwaysAddingOneByte() throws {
        #expect(try Padding.pad([], blockSize: 256).count == 256)
        #expect(try Padding.pad(Random.bytes(255), blockSize: 256).count == 256)
        #expect(try Padding.pad(Random.bytes(256), blockSize: 256).count == 512)
        #expect(try Padding.pad(Random.bytes(257), blockSize: 256).count == 512)
        #expect(try Padding.pad([1, 2], blockSize: 4) == [1, 2, 0x80, 0])
        #expect(try Padding.pad([1, 2, 3, 4], blockSize: 4) == [1, 2, 3, 4, 0x80, 0, 0, 0])
        #expect(try Padding.pad([7], blockSize: 1) == [7, 0x80])
    }

    @Test func roundTrips() throws {
        for n in 0...600 {
            let bytes = Random.bytes(n)
            #expect(try Padding.unpad(Padding.pad(bytes, blockSize: 256), blockSize: 256) == bytes)
        }
    }

    @Test func refusesMalformedPadding() throws {
        let refused: [[UInt8]] = [
            [],                      // empty
            [1, 2, 3, 0],            // no 0x80
            [1, 2, 0x80, 1],         // non-zero after 0x80
            [0, 0, 0, 0],            // all zeros
            [1, 2, 0x80],            // not a multiple of the block size
            [1, 2, 0x80, 0, 0],      // not a multiple of the block size
            [0x80, 0, 0, 0, 1, 2, 3, 4], // marker only outside the last block
        ]
        for padded in refused {
            #expect(throws: CryptoError.invalidPadding, "\(padded)") { try Padding.unpad(padded, blockSize: 4) }
        }
        #expect(try Padding.unpad([0x80, 0, 0, 0], blockSize: 4) == [])
        #expect(try Padding.unpad([1, 2, 3, 0x80], blockSize: 4) == [1, 2, 3])
    }

    @Test func refusesBadBlockSizes() {
        for size in [0, -1] {
            #expect(throws: CryptoError.self) { try Padding.pad([1], blockSize: size) }
            #expect(throws: CryptoError.self) { try Padding.unpad([0x80], blockSize: size) }
        }
    }
}
