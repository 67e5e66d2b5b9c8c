/// A list for one evaluation's bookkeeping: it starts in memory the caller
/// lends (a small stack buffer, `withUnsafeTemporaryAllocation`) and moves
/// to memory of its own only when that is full, so that a short text makes
/// no heap allocation. Non-copyable: the memory has exactly one owner.
struct ScratchList<Element: BitwiseCopyable>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// Whether `base` is this list's own (else the caller's, until it grows).
    private var owned = false
    /// Elements so far.
    private(set) var count = 0

    /// A list in `room` (may be empty) until it needs more.
    init(borrowing room: UnsafeMutableBufferPointer<Element>) {
        if let start = room.baseAddress, room.count > 0 {
            base = start
            capacity = room.count
        } else {
            base = .allocate(capacity: 16)
            capacity = 16
            owned = true
        }
    }

    deinit {
        if owned { base.deallocate() }
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    /// The elements, valid while the list lives and is not appended to.
    var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    private mutating func grow() {
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        larger.initialize(from: base, count: count)
        if owned { base.deallocate() }
        base = larger
        capacity *= 2
        owned = true
    }
}
