import Crypto

/// Reads a frame (PROTOCOL.md §1) back into its fields, strictly: the
/// context must be the expected one, every length must fit, and nothing
/// may follow the last field.
///
///     var reader = try FrameReader(bytes, context: "trustforum/cert/v1")
///     let id = try reader.string()
///     let issued = try reader.u64()
///     try reader.finish()
public struct FrameReader {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8], context: String) throws(ProtocolError) {
        self.bytes = bytes
        guard try next() == Array(context.utf8) else { throw .malformed("frame context is not \(context)") }
    }

    /// The next field's raw bytes.
    public mutating func next() throws(ProtocolError) -> [UInt8] {
        guard bytes.count - offset >= 4 else { throw .malformed("frame ends inside a length") }
        let length = Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
        offset += 4
        guard bytes.count - offset >= length else { throw .malformed("frame field longer than the frame") }
        defer { offset += length }
        return Array(bytes[offset..<(offset + length)])
    }

    /// The next field as UTF-8 text.
    public mutating func string() throws(ProtocolError) -> String {
        let raw = try next()
        guard let text = String(validating: raw, as: UTF8.self) else { throw .malformed("frame field is not UTF-8") }
        return text
    }

    /// The next field as a u64 (exactly 8 bytes).
    public mutating func u64() throws(ProtocolError) -> UInt64 {
        let raw = try next()
        guard raw.count == 8 else { throw .malformed("integer field is not 8 bytes") }
        return raw.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The next field, which must be `count` bytes.
    public mutating func bytes(count: Int) throws(ProtocolError) -> [UInt8] {
        let raw = try next()
        guard raw.count == count else { throw .malformed("binary field is not \(count) bytes") }
        return raw
    }

    /// The number of bytes read so far (a frame is self-delimiting).
    public var consumed: Int { offset }

    /// Fails when bytes are left.
    public func finish() throws(ProtocolError) {
        guard offset == bytes.count else { throw .malformed("bytes after the last frame field") }
    }
}
