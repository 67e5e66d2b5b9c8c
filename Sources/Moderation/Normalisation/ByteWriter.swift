/// A growable buffer for hot loops: plain pointer writes with one capacity
/// check per write. It starts in memory the caller lends (a stack buffer,
/// `withUnsafeTemporaryAllocation`) or its own, and moves to memory of its
/// own only when that is full, so that a short input makes no heap
/// allocation. Non-copyable, so the memory has exactly one owner.
struct ScratchBuffer<Element: BitwiseCopyable>: ~Copyable {
    private var start: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// Whether `start` is this buffer's own (else the caller's, until it grows).
    private var owned = true
    /// Elements written so far.
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        start = .allocate(capacity: self.capacity)
    }

    /// Writes into the caller's `capacity` elements at `start` until they
    /// are not enough; then into memory of its own (`isBorrowed` turns false).
    init(borrowing start: UnsafeMutablePointer<Element>, capacity: Int) {
        self.start = start
        self.capacity = capacity
        owned = false
    }

    deinit {
        if owned { start.deallocate() }
    }

    /// Whether everything written is still in the caller's memory.
    var isBorrowed: Bool { !owned }

    /// Appends one element.
    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow(minimum: count + 1) }
        start[count] = element
        count += 1
    }

    /// Appends the elements of `elements`.
    @inline(__always)
    mutating func append(_ elements: UnsafeBufferPointer<Element>) {
        if count + elements.count > capacity { grow(minimum: count + elements.count) }
        if let base = elements.baseAddress {
            (start + count).update(from: base, count: elements.count)
        }
        count += elements.count
    }

    /// Makes room for `extra` more elements, so that `withUnsafeSpace` may
    /// write that many without further checks.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(minimum: count + extra) }
    }

    /// Runs `body` with a pointer to the next free element (room for what
    /// was reserved); `body` returns how many elements it wrote there.
    @inline(__always)
    mutating func withUnsafeSpace(_ body: (UnsafeMutablePointer<Element>) -> Int) {
        count += body(start + count)
    }

    /// Runs `body` with the elements written so far.
    func withContents<R>(_ body: (UnsafeBufferPointer<Element>) -> R) -> R {
        body(UnsafeBufferPointer(start: start, count: count))
    }

    /// The elements written so far, valid while the buffer lives and is not
    /// written to.
    var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: start, count: count) }

    /// The elements written, as an array.
    consuming func finish() -> [Element] {
        Array(UnsafeBufferPointer(start: start, count: count))
    }

    private mutating func grow(minimum: Int) {
        let newCapacity = max(minimum, capacity * 2, 16)
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        larger.update(from: start, count: count)
        if owned { start.deallocate() }
        start = larger
        capacity = newCapacity
        owned = true
    }
}

/// The normaliser's output: UTF-8 bytes.
typealias ByteWriter = ScratchBuffer<UInt8>
