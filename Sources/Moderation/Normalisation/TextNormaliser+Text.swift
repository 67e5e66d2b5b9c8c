extension TextNormaliser {
    /// The `text` view: one pass over the bytes, decoding UTF-8 strictly
    /// (Unicode Table 3-7) and looking each code point up in the tables.
    func normaliseText(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        tables.ascii.withUnsafeBufferPointer { ascii in
            tables.blocks.withUnsafeBufferPointer { blocks in
                tables.entries.withUnsafeBufferPointer { entries in
                    tables.pool.withUnsafeBufferPointer { pool in
                        Self.normaliseText(input, ascii: ascii, blocks: blocks, entries: entries, pool: pool)
                    }
                }
            }
        }
    }

    private static func normaliseText(
        _ input: UnsafeBufferPointer<UInt8>,
        ascii: UnsafeBufferPointer<UInt8>,
        blocks: UnsafeBufferPointer<UInt16>,
        entries: UnsafeBufferPointer<UInt32>,
        pool: UnsafeBufferPointer<UInt8>
    ) -> [UInt8] {
        var output = ByteWriter(capacity: input.count + input.count / 8)
        // A space is written only before the next visible byte: runs collapse
        // and the ends are trimmed.
        var spacePending = false
        let count = input.count
        var index = 0
        while index < count {
            let lead = input[index]
            if lead < 0x80 {
                let mapped = ascii[Int(lead)]
                if mapped > 0x20 {
                    if spacePending {
                        output.append(0x20)
                        spacePending = false
                    }
                    output.append(mapped)
                } else if mapped == 0x20 {
                    spacePending = output.count > 0
                }
                index += 1
                continue
            }
            let (scalar, length) = decode(input, at: index, lead: lead)
            if length < 0 {
                // An ill-formed sequence: its maximal subpart becomes one U+FFFD.
                if spacePending {
                    output.append(0x20)
                    spacePending = false
                }
                output.append(0xEF)
                output.append(0xBF)
                output.append(0xBD)
                index += -length
                continue
            }
            let entry = entries[Int(blocks[Int(scalar >> 8)]) << 8 | Int(scalar & 0xFF)]
            if entry == 0 {
                if spacePending {
                    output.append(0x20)
                    spacePending = false
                }
                output.append(UnsafeBufferPointer(rebasing: input[index..<index + length]))
            } else {
                let offset = Int(entry >> NormalisationTables.lengthBits)
                let end = offset + Int(entry & NormalisationTables.lengthMask)
                var position = offset
                while position < end {
                    let byte = pool[position]
                    if byte == 0x20 {
                        spacePending = output.count > 0
                    } else {
                        if spacePending {
                            output.append(0x20)
                            spacePending = false
                        }
                        output.append(byte)
                    }
                    position += 1
                }
            }
            index += length
        }
        return output.finish()
    }

    /// Decodes the sequence at `index` whose lead byte (≥ 0x80) is `lead`.
    /// Returns the scalar and its length, or a negative length: minus the
    /// length of the ill-formed sequence's maximal subpart (Unicode §3.9,
    /// "U+FFFD substitution of maximal subparts").
    @inline(__always)
    private static func decode(_ input: UnsafeBufferPointer<UInt8>, at index: Int, lead: UInt8) -> (UInt32, Int) {
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
