@testable import Crypto
import Testing

@Suite struct SecureBytesTests {
    @Test func holdsItsBytes() {
        let secret = SecureBytes([1, 2, 3])
        #expect(secret.count == 3)
        #expect(secret.copyBytes() == [1, 2, 3])
        #expect(SecureBytes([]).count == 0)
        #expect(SecureBytes([]).copyBytes() == [])
    }

    @Test func equalityIsByContentAndLength() {
        #expect(SecureBytes([1, 2, 3]) == SecureBytes([1, 2, 3]))
        #expect(SecureBytes([1, 2, 3]) != SecureBytes([1, 2, 4]))
        #expect(SecureBytes([1, 2, 3]) != SecureBytes([1, 2]))
        #expect(SecureBytes([]) == SecureBytes([]))
        // Differences at the first and the last byte are both seen.
        let base = [UInt8](repeating: 7, count: 64)
        #expect(SecureBytes(base) != SecureBytes(flipped(base, at: 0)))
        #expect(SecureBytes(base) != SecureBytes(flipped(base, at: 63)))
    }

    @Test func neverPrintsItsContents() {
        let secret = SecureBytes([0xde, 0xad, 0xbe, 0xef])
        for text in [String(describing: secret), String(reflecting: secret), "\(secret)"] {
            #expect(text == "SecureBytes(4 bytes)")
        }
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("222") && !dumped.lowercased().contains("de"))
        let key = AEADKey()
        #expect("\(key)" == "AEADKey(32 bytes)")
        #expect(!"\(SigningSecretKey())".contains(Hex.encode(SigningSecretKey().exportSeed().copyBytes())))
    }

    @Test func zeroesItsBufferWhenReleased() {
        // The buffer belongs to the test, so it can be read after the
        // SecureBytes is gone; deinit zeroes it and does not free it.
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: 32, alignment: 16)
        defer { memory.deallocate() }
        memory.initializeMemory(as: UInt8.self, repeating: 0xA5)
        do {
            let secret = SecureBytes(storage: SecureBytes.Storage(borrowing: memory))
            let copy = secret // copies share the buffer: no zeroing yet
            _ = secret
            #expect(copy.copyBytes() == [UInt8](repeating: 0xA5, count: 32))
        }
        #expect(Array(memory) == [UInt8](repeating: 0, count: 32))
    }

    @Test func zeroingInitWipesTheSource() {
        var source: [UInt8] = [9, 9, 9, 9]
        let secret = SecureBytes(zeroing: &source)
        #expect(source == [0, 0, 0, 0])
        #expect(secret.copyBytes() == [9, 9, 9, 9])
    }

    @Test func randomValuesDiffer() {
        let a = SecureBytes.random(count: 32), b = SecureBytes.random(count: 32)
        #expect(a.count == 32 && a != b)
        #expect(Random.bytes(0) == [])
        #expect(Random.bytes(24).count == 24 && Random.bytes(24) != Random.bytes(24))
    }

    @Test func constantTimeEquals() {
        #expect(ConstantTime.equals([], []))
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(!ConstantTime.equals([], [0]))
        let tag = Random.bytes(32)
        for (_, bad) in everyFlip(of: tag) { #expect(!ConstantTime.equals(tag, bad)) }
    }
}
