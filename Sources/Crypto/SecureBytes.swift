import CSodium

/// Secret bytes (keys, seeds, passwords, decrypted secrets) in a buffer of
/// their own that is zeroed with `sodium_memzero` when the last copy is
/// released, compared in constant time, and never printed.
///
/// After swift-crypto's `SecureBytes`, but immutable: a value is filled once
/// when it is made, so copies share one buffer and the type is `Sendable`.
///
///     let key = SecureBytes.random(count: 32)
///     key.withUnsafeBytes { buffer in /* pass to C */ }
///
/// What this does not do: it does not lock the pages in memory (`mlock`), and
/// copies the caller makes with `copyBytes()` or before `init(_:)` are
/// ordinary arrays that Swift frees without zeroing.
public struct SecureBytes: Sendable {
    /// The shared buffer; zeroed, then freed, in `deinit`.
    ///
    /// `@unchecked Sendable` is honest here: the memory is written only while
    /// the value is being made (before any other thread can see it) and read
    /// afterwards.
    final class Storage: @unchecked Sendable {
        let buffer: UnsafeMutableRawBufferPointer
        /// Whether `deinit` frees `buffer` (false only for memory a test owns).
        let ownsMemory: Bool

        /// A zero-filled buffer of `count` bytes. At least one byte is
        /// allocated so that the base address is never nil: libsodium's
        /// arguments are declared non-null even when their length is 0.
        init(count: Int) {
            let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
            memory.initializeMemory(as: UInt8.self, repeating: 0)
            buffer = UnsafeMutableRawBufferPointer(rebasing: memory[0..<count])
            ownsMemory = true
        }

        /// Wraps memory that someone else frees; `deinit` still zeroes it.
        /// Lets a test observe the zeroing without reading freed memory.
        init(borrowing buffer: UnsafeMutableRawBufferPointer) {
            self.buffer = buffer
            ownsMemory = false
        }

        deinit {
            if let base = buffer.baseAddress, buffer.count > 0 {
                sodium_memzero(base, buffer.count)
            }
            if ownsMemory { buffer.baseAddress?.deallocate() }
        }
    }

    let storage: Storage

    /// Wraps an existing storage (tests).
    init(storage: Storage) {
        self.storage = storage
    }

    /// `count` bytes, zero-filled, then written by `body` (which must not keep
    /// the pointer).
    public init(count: Int, initializingWith body: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        precondition(count >= 0, "negative byte count")
        let storage = Storage(count: count)
        try body(storage.buffer)
        self.storage = storage
    }

    /// `count` zero bytes written by `body` through a typed, never-nil
    /// pointer (libsodium's output parameters).
    init(count: Int, writingWith body: (UnsafeMutablePointer<UInt8>) throws -> Void) rethrows {
        try self.init(count: count) { try body($0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
    }

    /// A copy of `bytes`. The array itself is not zeroed; use
    /// `init(zeroing:)` when the caller's copy should be wiped too.
    public init(_ bytes: [UInt8]) {
        self.init(count: bytes.count) { buffer in
            bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        }
    }

    /// A copy of `bytes`, after which `bytes` is overwritten with zeros.
    public init(zeroing bytes: inout [UInt8]) {
        self.init(bytes)
        bytes.withUnsafeMutableBytes { raw in
            if let base = raw.baseAddress, raw.count > 0 { sodium_memzero(base, raw.count) }
        }
    }

    /// `count` random bytes (`randombytes_buf`), e.g. a fresh key.
    public static func random(count: Int) -> SecureBytes {
        SecureBytes(count: count) { Random.fill($0) }
    }

    /// The number of bytes.
    public var count: Int { storage.buffer.count }

    /// Calls `body` with the bytes; the pointer is valid only during the call.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(UnsafeRawBufferPointer(storage.buffer)) }
    }

    /// Calls `body` with a typed, never-nil pointer to the bytes and their
    /// count, as libsodium's non-null parameters want.
    func withBytePointer<R>(_ body: (UnsafePointer<UInt8>, Int) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) {
            try body(UnsafePointer(storage.buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)), storage.buffer.count)
        }
    }

    /// The bytes as an ordinary array, which is *not* zeroed on release: only
    /// for a value that has to leave the secure buffer (a frame field, a file).
    public func copyBytes() -> [UInt8] {
        withUnsafeBytes { [UInt8]($0) }
    }

    /// The first `n` bytes as a new secure buffer (`n <= count`).
    func prefix(_ n: Int) -> SecureBytes {
        precondition(n >= 0 && n <= count)
        return withUnsafeBytes { source in
            SecureBytes(count: n) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: source.prefix(n))) }
        }
    }
}

extension SecureBytes: Equatable {
    /// Constant-time equality (`sodium_memcmp`); values of different lengths
    /// are unequal (lengths are not secret).
    public static func == (lhs: SecureBytes, rhs: SecureBytes) -> Bool {
        lhs.withUnsafeBytes { a in rhs.withUnsafeBytes { b in ConstantTime.equals(a, b) } }
    }
}

extension SecureBytes: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The length only, never the contents.
    public var description: String { "SecureBytes(\(count) bytes)" }
    /// The length only, never the contents.
    public var debugDescription: String { description }
    /// A mirror without children, so `dump` and the debugger show no bytes.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
