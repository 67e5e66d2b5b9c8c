import Crypto
import Testing

@Suite struct SecretStreamTests {
    let key = SecretStreamKey()

    /// Seals `chunks`, the last one FINAL; returns the header and sealed chunks.
    func seal(_ chunks: [[UInt8]], key: SecretStreamKey) throws -> (header: [UInt8], sealed: [[UInt8]]) {
        let pusher = SecretStream.Pusher(key: key)
        let sealed = try chunks.indices.map { try pusher.push(chunks[$0], final: $0 == chunks.count - 1) }
        return (pusher.header, sealed)
    }

    let chunks: [[UInt8]] = [Array("chunk one".utf8), Array("chunk two".utf8), [], Array("last".utf8)]

    @Test func roundTrips() throws {
        let (header, sealed) = try seal(chunks, key: key)
        #expect(header.count == SecretStream.headerByteCount)
        let puller = try SecretStream.Puller(key: key, header: header)
        for (index, chunk) in sealed.enumerated() {
            let (bytes, isFinal) = try puller.pull(chunk)
            #expect(bytes == chunks[index])
            #expect(isFinal == (index == chunks.count - 1))
        }
        #expect(puller.isFinished)
        try puller.finish()
    }

    /// A stream written by PyNaCl (libsodium), key 03…03: "chunk one", "chunk two" (FINAL).
    @Test func readsAStreamWrittenByAnotherImplementation() throws {
        let key = try SecretStreamKey(bytes: [UInt8](repeating: 3, count: 32))
        let puller = try SecretStream.Puller(key: key, header: hex("2f4a7dbf2e1206963b31c33ac47533fb4a4684e7b8e6a4cf"))
        #expect(try puller.pull(hex("95a876de8c1ee9327cb7f1c5674cdf0f154169a7590102240cee")) == (Array("chunk one".utf8), false))
        #expect(try puller.pull(hex("4e4d4487a7efcee87b6ebd2cb367c9daefb0e1921baa493b4228")) == (Array("chunk two".utf8), true))
        try puller.finish()
    }

    @Test func truncationIsDetected() throws {
        let (header, sealed) = try seal(chunks, key: key)
        for keep in 0..<sealed.count { // every proper prefix, including no chunk at all
            let puller = try SecretStream.Puller(key: key, header: header)
            for chunk in sealed.prefix(keep) { #expect(try !puller.pull(chunk).isFinal) }
            #expect(!puller.isFinished)
            #expect(throws: CryptoError.streamTruncated) { try puller.finish() }
        }
    }

    @Test func removedReorderedReplayedOrAppendedChunksAreRefused() throws {
        let (header, sealed) = try seal(chunks, key: key)
        let removed = [sealed[0], sealed[2], sealed[3]]
        let swapped = [sealed[1], sealed[0], sealed[2], sealed[3]]
        let replayed = [sealed[0], sealed[0], sealed[1], sealed[2], sealed[3]]
        for stream in [removed, swapped, replayed] {
            let puller = try SecretStream.Puller(key: key, header: header)
            #expect(throws: CryptoError.authenticationFailed) { for chunk in stream { _ = try puller.pull(chunk) } }
            #expect(throws: CryptoError.authenticationFailed) { try puller.finish() }
        }
        let puller = try SecretStream.Puller(key: key, header: header)
        for chunk in sealed { _ = try puller.pull(chunk) }
        #expect(throws: CryptoError.streamFinished) { try puller.pull(sealed[0]) }
        // A chunk from another stream under the same key is refused too.
        let other = try seal(chunks, key: key)
        let mixed = try SecretStream.Puller(key: key, header: header)
        #expect(throws: CryptoError.authenticationFailed) { try mixed.pull(other.sealed[0]) }
    }

    @Test func everyFlippedByteIsRefused() throws {
        let (header, sealed) = try seal([Array("backup".utf8)], key: key)
        for (index, bad) in everyFlip(of: sealed[0]) {
            let puller = try SecretStream.Puller(key: key, header: header)
            #expect(throws: CryptoError.authenticationFailed, "chunk byte \(index)") { try puller.pull(bad) }
        }
        for (index, bad) in everyFlip(of: header) {
            let puller = try SecretStream.Puller(key: key, header: bad)
            #expect(throws: CryptoError.authenticationFailed, "header byte \(index)") { try puller.pull(sealed[0]) }
        }
        let wrongKey = try SecretStream.Puller(key: SecretStreamKey(), header: header)
        #expect(throws: CryptoError.authenticationFailed) { try wrongKey.pull(sealed[0]) }
    }

    @Test func additionalDataIsBound() throws {
        let pusher = SecretStream.Pusher(key: key)
        let sealed = try pusher.push([1, 2, 3], final: true, additionalData: [9])
        #expect(throws: CryptoError.authenticationFailed) { try SecretStream.Puller(key: key, header: pusher.header).pull(sealed) }
        #expect(try SecretStream.Puller(key: key, header: pusher.header).pull(sealed, additionalData: [9]) == ([1, 2, 3], true))
    }

    @Test func misuseThrows() throws {
        let pusher = SecretStream.Pusher(key: key)
        _ = try pusher.push([1], final: true)
        #expect(pusher.isFinished)
        #expect(throws: CryptoError.streamFinished) { try pusher.push([2]) }
        for n in [0, 23, 25] {
            #expect(throws: CryptoError.self) { try SecretStream.Puller(key: key, header: Array(repeating: 0, count: n)) }
        }
        let puller = try SecretStream.Puller(key: key, header: pusher.header)
        #expect(throws: CryptoError.invalidLength(what: "secret stream chunk", expected: 17...Int.max, actual: 16)) { try puller.pull(Random.bytes(16)) }
    }
}
