/// A growable output buffer for the normalisation's hot loop: plain pointer
/// writes with one capacity check per write, copied once into an array at the
/// end. Non-copyable, so the memory has exactly one owner.
struct ByteWriter: ~Copyable {
    private var start: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Whether `start` is this writer's own (else the caller's, until it grows).
    private var owned = true
    /// Bytes written so far.
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        start = .allocate(capacity: self.capacity)
    }

    /// Writes into the caller's `capacity` bytes at `start` until they are
    /// not enough; then into memory of its own (`isBorrowed` turns false).
    init(borrowing start: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.start = start
        self.capacity = capacity
        owned = false
    }

    deinit {
        if owned { start.deallocate() }
    }

    /// Whether everything written is still in the caller's memory.
    var isBorrowed: Bool { !owned }

    /// Appends one byte.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(minimum: count + 1) }
        start[count] = byte
        count += 1
    }

    /// Appends the bytes of `bytes`.
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if count + bytes.count > capacity { grow(minimum: count + bytes.count) }
        if let base = bytes.baseAddress {
            (start + count).update(from: base, count: bytes.count)
        }
        count += bytes.count
    }

    /// Makes room for `extra` more bytes, so that `withUnsafeSpace` may write
    /// that many without further checks.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(minimum: count + extra) }
    }

    /// Runs `body` with a pointer to the next free byte (room for what was
    /// reserved); `body` returns how many bytes it wrote there.
    @inline(__always)
    mutating func withUnsafeSpace(_ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        count += body(start + count)
    }

    /// Runs `body` with the bytes written so far.
    func withContents<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        body(UnsafeBufferPointer(start: start, count: count))
    }

    /// The bytes written, as an array.
    consuming func finish() -> [UInt8] {
        Array(UnsafeBufferPointer(start: start, count: count))
    }

    private mutating func grow(minimum: Int) {
        let newCapacity = max(minimum, capacity * 2)
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        larger.update(from: start, count: count)
        if owned { start.deallocate() }
        start = larger
        capacity = newCapacity
        owned = true
    }
}
