extension TextNormaliser {
    /// The `text` view: one pass over the bytes, decoding UTF-8 strictly
    /// (Unicode Table 3-7) and looking each code point up in the tables.
    /// Written straight into the array it returns while that has room
    /// (ASCII never grows), else into a writer of its own, copied once.
    func normaliseText(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var grown: [UInt8]? = nil
        let direct = [UInt8](unsafeUninitializedCapacity: input.count + input.count / 8 + 16) { buffer, initialized in
            var output = ByteWriter(borrowing: buffer.baseAddress!, capacity: buffer.count)
            normaliseText(input, into: &output)
            if output.isBorrowed {
                initialized = output.count
            } else {
                initialized = 0
                grown = output.finish()
            }
        }
        return grown ?? direct
    }

    /// The `text` view of `input`, appended to `output`.
    func normaliseText(_ input: UnsafeBufferPointer<UInt8>, into output: inout ByteWriter) {
        let plain = tables.asciiIsPlain
        tables.ascii.withUnsafeBufferPointer { ascii in
            tables.blocks.withUnsafeBufferPointer { blocks in
                tables.entries.withUnsafeBufferPointer { entries in
                    tables.pool.withUnsafeBufferPointer { pool in
                        Self.normaliseText(input, into: &output, plain: plain, ascii: ascii, blocks: blocks,
                                           entries: entries, pool: pool)
                    }
                }
            }
        }
    }

    private static func normaliseText(
        _ input: UnsafeBufferPointer<UInt8>,
        into output: inout ByteWriter,
        plain: Bool,
        ascii: UnsafeBufferPointer<UInt8>,
        blocks: UnsafeBufferPointer<UInt16>,
        entries: UnsafeBufferPointer<UInt32>,
        pool: UnsafeBufferPointer<UInt8>
    ) {
        // A space is written only before the next visible byte: runs collapse
        // and the ends are trimmed.
        var spacePending = false
        let count = input.count
        var index = 0
        while index < count {
            let lead = input[index]
            if lead < 0x80 {
                // ASCII, most input: a tight loop until the next non-ASCII byte.
                // Each byte writes at most itself plus the space before it, and
                // that space stands for an earlier byte that wrote nothing.
                output.reserve(count - index + 1)
                let empty = output.count == 0
                output.withUnsafeSpace { out in
                    // Branch-free: every byte is stored, and kept (the count
                    // advanced) unless it is removed or a space after a space.
                    // A pending space is written first; a space at the end of
                    // the run is taken back and stays pending.
                    out[0] = 0x20
                    var written = spacePending ? 1 : 0
                    var afterSpace: UInt8 = spacePending || empty ? 1 : 0
                    repeat {
                        if plain && index > 0 && count - index >= 16 {
                            // Sixteen bytes at once, the same way (SIMD16: SSE2).
                            let from = UnsafeRawPointer(input.baseAddress! + index)
                            if let lowered = Self.plainLowered16(from, afterSpace: afterSpace) {
                                UnsafeMutableRawPointer(out + written).storeBytes(of: lowered, as: SIMD16<UInt8>.self)
                                written &+= 16
                                index &+= 16
                                afterSpace = lowered[15] == 0x20 ? 1 : 0
                                if index < count && input[index] < 0x80 { continue } else { break }
                            }
                        }
                        if plain && count - index >= 8 {
                            // Eight bytes at once when they need no more than
                            // lower-casing: printable ASCII, no space doubled.
                            let x = UInt64(littleEndian: UnsafeRawPointer(input.baseAddress! + index)
                                .loadUnaligned(as: UInt64.self))
                            if let lowered = Self.plainLowered(x, afterSpace: afterSpace) {
                                UnsafeMutableRawPointer(out + written).storeBytes(of: lowered.littleEndian, as: UInt64.self)
                                written &+= 8
                                index &+= 8
                                afterSpace = x >> 56 == 0x20 ? 1 : 0
                                if index < count && input[index] < 0x80 { continue } else { break }
                            }
                        }
                        let mapped = ascii[Int(input[index])]
                        let visible: UInt8 = mapped != 0 ? 1 : 0
                        let space: UInt8 = mapped == 0x20 ? 1 : 0
                        out[written] = mapped
                        written &+= Int(visible & ~(space & afterSpace))
                        afterSpace = (space & visible) | (afterSpace & (visible ^ 1))
                        index &+= 1
                    } while index < count && input[index] < 0x80
                    if written > 0 && out[written - 1] == 0x20 {
                        written -= 1
                        spacePending = true
                    } else {
                        spacePending = false
                    }
                    return written
                }
                continue
            }
            // Two-byte sequences (Latin-1, Greek, Cyrillic…) decoded inline.
            var scalar: UInt32
            var length: Int
            if lead >= 0xC2 && lead <= 0xDF && index + 1 < count && input[index + 1] & 0xC0 == 0x80 {
                scalar = UInt32(lead & 0x1F) << 6 | UInt32(input[index + 1] & 0x3F)
                length = 2
            } else {
                (scalar, length) = decode(input, at: index, lead: lead)
                if length < 0 {
                    // An ill-formed sequence: its maximal subpart becomes one U+FFFD.
                    output.reserve(4)
                    output.withUnsafeSpace { out in
                        out[0] = 0x20
                        let pending = spacePending ? 1 : 0
                        out[pending] = 0xEF
                        out[pending + 1] = 0xBF
                        out[pending + 2] = 0xBD
                        return pending + 3
                    }
                    spacePending = false
                    index -= length
                    continue
                }
            }
            let entry = entries[Int(blocks[Int(scalar >> 8)]) << 8 | Int(scalar & 0xFF)]
            // The bytes to write: the sequence itself, or its replacement.
            let replacement = entry == 0
                ? UnsafeBufferPointer(rebasing: input[index..<index + length])
                : UnsafeBufferPointer(rebasing: pool[Int(entry >> NormalisationTables.lengthBits)...]
                    .prefix(Int(entry & NormalisationTables.lengthMask)))
            index += length
            // At most every byte, plus one pending space before the first.
            output.reserve(replacement.count + 1)
            if entry & NormalisationTables.spaceFlag == 0 {
                if replacement.isEmpty { continue }  // removed: the pending space waits
                output.withUnsafeSpace { out in
                    out[0] = 0x20
                    let pending = spacePending ? 1 : 0
                    for offset in 0..<replacement.count {
                        out[pending + offset] = replacement[offset]
                    }
                    return pending + replacement.count
                }
                spacePending = false
                continue
            }
            let empty = output.count == 0
            output.withUnsafeSpace { out in
                var written = 0
                var pending = spacePending ? 1 : 0
                for byte in replacement {
                    if byte != 0x20 {
                        out[written] = 0x20
                        written += pending
                        pending = 0
                        out[written] = byte
                        written += 1
                    } else {
                        pending = (written > 0 || !empty) ? 1 : 0
                    }
                }
                spacePending = pending == 1
                return written
            }
        }
    }

    /// `x` (eight input bytes, the first in the low byte) lower-cased, or
    /// nil unless every byte is printable ASCII (0x20–0x7E) and no space
    /// follows a space (nor starts `x` right `afterSpace`): then the ASCII
    /// table maps them to themselves, capitals to small letters (checked by
    /// `NormalisationTables.asciiIsPlain`), and no space collapses.
    @inline(__always)
    static func plainLowered(_ x: UInt64, afterSpace: UInt8) -> UInt64? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        if x & high != 0 { return nil }
        // Per byte, exact (no borrow crosses bytes: each is set to ≥ 0x80 first).
        let set = x | high
        let belowSpace = ~(set &- 0x20 &* ones) & high
        let delete = ~(((x ^ 0x7F &* ones) & ~high) &+ ~high | (x ^ 0x7F &* ones)) & high
        let spaces = ~(((x ^ 0x20 &* ones) & ~high) &+ ~high | (x ^ 0x20 &* ones)) & high
        let doubled = spaces & (spaces << 8 | UInt64(afterSpace) << 7)
        if belowSpace | delete | doubled != 0 { return nil }
        let upper = (set &- 0x41 &* ones) & ~(set &- 0x5B &* ones) & high
        return x | upper >> 2
    }

    /// The sixteen bytes at `from` lower-cased, or nil unless every one is
    /// printable ASCII and no space follows a space (nor starts them right
    /// `afterSpace`); like `plainLowered`. The byte before `from` is read.
    @inline(__always)
    static func plainLowered16(_ from: UnsafeRawPointer, afterSpace: UInt8) -> SIMD16<UInt8>? {
        // Vector constants spelled out: the scalar overloads do not vectorise.
        typealias V = SIMD16<UInt8>
        let x = from.loadUnaligned(as: V.self)
        let before = (from - 1).loadUnaligned(as: V.self)
        @inline(__always) func bytes(_ mask: SIMDMask<SIMD16<Int8>>) -> V { unsafeBitCast(mask, to: V.self) }
        let space = V(repeating: 0x20)
        let notPrintable = ~bytes((x &- space) .< V(repeating: 0x5F))
        // The byte before the first is not this run's: `afterSpace` stands for it.
        let first = V(255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let previousSpace = (bytes(before .== space) & ~first) | (afterSpace != 0 ? first : V())
        let bad = unsafeBitCast(notPrintable | (bytes(x .== space) & previousSpace), to: SIMD2<UInt64>.self)
        if bad[0] | bad[1] != 0 { return nil }
        let upper = bytes((x &- V(repeating: 0x41)) .< V(repeating: 26))
        return x | (upper & space)
    }

    /// Decodes the sequence at `index` whose lead byte (≥ 0x80) is `lead`.
    /// Returns the scalar and its length, or a negative length: minus the
    /// length of the ill-formed sequence's maximal subpart (Unicode §3.9,
    /// "U+FFFD substitution of maximal subparts").
    @inline(__always)
    static func decode(_ input: UnsafeBufferPointer<UInt8>, at index: Int, lead: UInt8) -> (UInt32, Int) {
        let need: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: need = 1
        case 0xE0: need = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: need = 2
        case 0xED: need = 2; high = 0x9F
        case 0xF0: need = 3; low = 0x90
        case 0xF1...0xF3: need = 3
        case 0xF4: need = 3; high = 0x8F
        default: return (0, -1)  // continuation byte, C0, C1, F5…FF
        }
        var scalar = UInt32(lead) & (0x7F >> UInt32(need + 1))
        var position = index + 1
        for step in 0..<need {
            guard position < input.count else { return (0, -(position - index)) }
            let byte = input[position]
            let (min, max) = step == 0 ? (low, high) : (0x80, 0xBF)
            guard byte >= min, byte <= max else { return (0, -(position - index)) }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
            position += 1
        }
        return (scalar, need + 1)
    }
}
