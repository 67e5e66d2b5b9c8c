#if canImport(Glibc)
import Glibc
#endif

/// A growable byte buffer with a read and a write index, for a connection's
/// input: the kernel reads straight into its free space, the parser reads
/// from its readable part, and consumed bytes are reclaimed by compaction.
/// Thread-confined to its connection's event loop.
final class ByteBuffer {
    private(set) var storage: UnsafeMutableRawPointer
    private(set) var capacity: Int
    private(set) var readerIndex = 0
    private(set) var writerIndex = 0

    init(capacity: Int) {
        self.capacity = capacity
        storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    var readableBytes: Int { writerIndex - readerIndex }

    /// The unread bytes.
    var readable: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: storage + readerIndex, count: readableBytes)
    }

    /// Free space after the written bytes, at least `minimum` bytes (growing
    /// or compacting first), but never beyond `limit` bytes in all.
    func writableSpace(minimum: Int, limit: Int) -> UnsafeMutableRawBufferPointer {
        if readerIndex > 0 && (readerIndex == writerIndex || capacity - writerIndex < minimum) {
            compact()
        }
        if capacity - writerIndex < minimum && capacity < limit {
            grow(to: min(limit, max(capacity * 2, writerIndex + minimum)))
        }
        return UnsafeMutableRawBufferPointer(start: storage + writerIndex, count: capacity - writerIndex)
    }

    /// Records `count` bytes written into the writable space.
    func didWrite(_ count: Int) {
        writerIndex += count
    }

    /// Marks `count` readable bytes as consumed.
    func consume(_ count: Int) {
        readerIndex += count
        if readerIndex == writerIndex {
            readerIndex = 0
            writerIndex = 0
        }
    }

    /// Copies `count` readable bytes out and consumes them.
    func take(_ count: Int) -> [UInt8] {
        let bytes = Array(UnsafeRawBufferPointer(start: storage + readerIndex, count: count))
        consume(count)
        return bytes
    }

    func clear() {
        readerIndex = 0
        writerIndex = 0
    }

    /// Shrinks a buffer that grew for a large body back to `capacity`.
    func shrink(to target: Int) {
        guard capacity > target, readableBytes <= target else { return }
        let newStorage = UnsafeMutableRawPointer.allocate(byteCount: target, alignment: 16)
        newStorage.copyMemory(from: storage + readerIndex, byteCount: readableBytes)
        storage.deallocate()
        storage = newStorage
        writerIndex = readableBytes
        readerIndex = 0
        capacity = target
    }

    private func compact() {
        let count = readableBytes
        if count > 0 { memmove(storage, storage + readerIndex, count) }  // regions may overlap
        readerIndex = 0
        writerIndex = count
    }

    private func grow(to newCapacity: Int) {
        let newStorage = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        newStorage.copyMemory(from: storage, byteCount: writerIndex)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }
}
