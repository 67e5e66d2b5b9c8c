import CSodium

/// The key of `SecretStream` (XChaCha20-Poly1305 streaming), e.g. a backup key.
public typealias SecretStreamKey = SymmetricKey<SecretStream>

/// Authenticated encryption of a stream of chunks
/// (`crypto_secretstream_xchacha20poly1305_*`): encrypted database backups,
/// written in chunks, their key sealed to an operator's box public key.
///
/// Each chunk is bound to its position, so chunks that are modified,
/// reordered, removed or replayed fail to decrypt. **Truncation is the
/// caller's to detect**: a stream cut after a whole chunk decrypts cleanly
/// up to the cut. The last chunk carries the FINAL tag; a reader must treat
/// the stream as complete only when `pull` returned `isFinal == true`, and
/// calls `Puller.finish()` at the end of its input, which throws
/// `CryptoError.streamTruncated` if the FINAL chunk never came.
///
///     let pusher = SecretStream.Pusher(key: key)
///     write(pusher.header)
///     for chunk in chunks { write(try pusher.push(chunk, final: chunk is last)) }
///
///     let puller = try SecretStream.Puller(key: key, header: header)
///     for sealed in sealedChunks { let (bytes, _) = try puller.pull(sealed); use(bytes) }
///     try puller.finish()  // refuses a truncated stream
public enum SecretStream: SymmetricPrimitive {
    /// The key length, 32 bytes.
    public static let keyByteCount = Int(crypto_secretstream_xchacha20poly1305_keybytes())
    /// The header length, 24 bytes.
    public static let headerByteCount = Int(crypto_secretstream_xchacha20poly1305_headerbytes())
    /// The bytes each chunk grows by (tag byte + MAC, 17).
    public static let chunkOverhead = Int(crypto_secretstream_xchacha20poly1305_abytes())
    /// The longest chunk libsodium accepts.
    public static let maxChunkByteCount = Sodium.sizeLimit(crypto_secretstream_xchacha20poly1305_messagebytes_max())

    /// The encrypting end. A class because its state (key and counter) must
    /// never be copied, which would reuse nonces; use it from one thread at a
    /// time. The state is zeroed on release.
    public final class Pusher {
        private var state = crypto_secretstream_xchacha20poly1305_state()
        /// The 24-byte header the reader needs first (not secret).
        public let header: [UInt8]
        /// Whether the FINAL chunk has been pushed.
        public private(set) var isFinished = false

        /// Starts a stream under `key` with a random header.
        public init(key: SecretStreamKey) {
            Sodium.ensure()
            var header = [UInt8](repeating: 0, count: SecretStream.headerByteCount)
            var initial = crypto_secretstream_xchacha20poly1305_state()
            let status = key.withKeyPointer { crypto_secretstream_xchacha20poly1305_init_push(&initial, &header, $0) }
            precondition(status == 0, "crypto_secretstream_xchacha20poly1305_init_push failed")
            self.header = header
            state = initial
            withUnsafeMutableBytes(of: &initial) { sodium_memzero($0.baseAddress!, $0.count) }
        }

        deinit {
            withUnsafeMutableBytes(of: &state) { sodium_memzero($0.baseAddress!, $0.count) }
        }

        /// Encrypts the next chunk; `final: true` marks the last one, after
        /// which `push` throws `streamFinished`. `additionalData`, if any, must
        /// be given again to `pull`.
        public func push(_ chunk: [UInt8], final: Bool = false, additionalData: [UInt8] = []) throws -> [UInt8] {
            guard !isFinished else { throw CryptoError.streamFinished }
            try CryptoError.checkLength(chunk.count, in: 0...SecretStream.maxChunkByteCount, "secret stream chunk")
            let tag = final ? crypto_secretstream_xchacha20poly1305_tag_final() : crypto_secretstream_xchacha20poly1305_tag_message()
            var out = [UInt8](repeating: 0, count: chunk.count + SecretStream.chunkOverhead)
            var written: UInt64 = 0
            guard crypto_secretstream_xchacha20poly1305_push(&state, &out, &written, chunk, UInt64(chunk.count),
                                                             additionalData, UInt64(additionalData.count), tag) == 0 else {
                throw CryptoError.operationFailed("crypto_secretstream_xchacha20poly1305_push")
            }
            isFinished = final
            return out
        }
    }

    /// The decrypting end. After the FINAL chunk any further chunk is
    /// refused (`streamFinished`); after a chunk fails to authenticate the
    /// stream is not trusted again and every later `pull` throws
    /// `authenticationFailed`. Not `Sendable`; state zeroed on release.
    public final class Puller {
        private enum Phase { case reading, finished, failed }

        private var state = crypto_secretstream_xchacha20poly1305_state()
        private var phase = Phase.reading

        /// Whether a chunk tagged FINAL has been pulled: the only proof that
        /// the stream is complete.
        public var isFinished: Bool { phase == .finished }

        /// Starts reading a stream with its `header` (24 bytes; `invalidLength` otherwise).
        public init(key: SecretStreamKey, header: [UInt8]) throws {
            try CryptoError.checkLength(header.count, SecretStream.headerByteCount, "secret stream header")
            Sodium.ensure()
            guard key.withKeyPointer({ crypto_secretstream_xchacha20poly1305_init_pull(&state, header, $0) }) == 0 else {
                throw CryptoError.invalidKey
            }
        }

        deinit {
            withUnsafeMutableBytes(of: &state) { sodium_memzero($0.baseAddress!, $0.count) }
        }

        /// Decrypts the next chunk; `isFinal` is true for the chunk tagged
        /// FINAL. Throws `authenticationFailed` for a modified, reordered,
        /// foreign or replayed chunk (or different additional data),
        /// `invalidLength` for one shorter than `chunkOverhead`, and
        /// `streamFinished` for a chunk after the FINAL one.
        public func pull(_ sealed: [UInt8], additionalData: [UInt8] = []) throws -> (bytes: [UInt8], isFinal: Bool) {
            switch phase {
            case .finished: throw CryptoError.streamFinished
            case .failed: throw CryptoError.authenticationFailed
            case .reading: break
            }
            try CryptoError.checkLength(sealed.count, in: SecretStream.chunkOverhead...Int.max, "secret stream chunk")
            var out = [UInt8](repeating: 0, count: sealed.count - SecretStream.chunkOverhead)
            var written: UInt64 = 0
            var tag: UInt8 = 0
            guard crypto_secretstream_xchacha20poly1305_pull(&state, &out, &written, &tag, sealed, UInt64(sealed.count),
                                                             additionalData, UInt64(additionalData.count)) == 0 else {
                phase = .failed
                throw CryptoError.authenticationFailed
            }
            let isFinal = tag == crypto_secretstream_xchacha20poly1305_tag_final()
            if isFinal { phase = .finished }
            return (out, isFinal)
        }

        /// Call at the end of the input: throws `streamTruncated` unless the
        /// FINAL chunk was pulled (and `authenticationFailed` if a chunk failed).
        public func finish() throws {
            switch phase {
            case .finished: return
            case .failed: throw CryptoError.authenticationFailed
            case .reading: throw CryptoError.streamTruncated
            }
        }
    }
}
