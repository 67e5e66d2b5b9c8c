/// One field of a frame (PROTOCOL.md §1).
public enum FrameField: Sendable, Equatable {
    /// A string (ids, roles, labels, hex such as `policy_version`): its UTF-8 bytes.
    case string(String)
    /// An integer (seq, epoch, times): 8 bytes, big-endian.
    case u64(UInt64)
    /// A binary value (keys, hashes, nonces, signatures): its raw bytes.
    case bytes([UInt8])

    /// The bytes this field contributes, before its length prefix.
    var encoded: [UInt8] {
        switch self {
        case let .string(text): return Array(text.utf8)
        case let .u64(value): return Frame.bigEndian(value, width: 8)
        case let .bytes(bytes): return bytes
        }
    }
}

/// The protocol's unambiguous encoding of signed and hashed values:
///
///     frame(context, f1, …, fn) = u32be(len(context)) ‖ context ‖ u32be(len(f1)) ‖ f1 ‖ …
///
/// Every field is length-prefixed, integers too, so no two different field
/// lists frame to the same bytes.
///
///     let bytes = Frame.frame(context: "trustforum/login/v1",
///                             [.string(origin), .string(communityID), .string(memberID), .bytes(challenge)])
public enum Frame {
    /// The framed bytes of `context` (a fixed ASCII string such as
    /// `trustforum/post-sig/v1`) and `fields`. A field longer than
    /// `UInt32.max` bytes is a programmer error (the protocol's largest
    /// value is a 64 KiB payload).
    public static func frame(context: String, _ fields: [FrameField]) -> [UInt8] {
        precondition(context.utf8.allSatisfy { $0 < 0x80 }, "frame context must be ASCII")
        let parts = [Array(context.utf8)] + fields.map(\.encoded)
        var out: [UInt8] = []
        out.reserveCapacity(parts.reduce(0) { $0 + 4 + $1.count })
        for part in parts {
            precondition(part.count <= Int(UInt32.max), "frame field longer than 4 GiB")
            out += bigEndian(UInt64(part.count), width: 4)
            out += part
        }
        return out
    }

    /// The low `width` bytes of `value`, most significant first.
    static func bigEndian(_ value: UInt64, width: Int) -> [UInt8] {
        (0..<width).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }
}
