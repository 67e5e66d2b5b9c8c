/// The per-code-point mapping of the `text` view, built once from the generated
/// base mapping (UnicodeTables: white space, controls, NFKC_CF, diacritics) with
/// a confusables file laid over it, and laid out for fast lookups:
///
/// - `ascii[b]` for a byte below 0x80: 0 drops it, 0x20 marks white space,
///   anything else is the byte to write;
/// - any other code point `c`: `entries[Int(blocks[c >> 8]) << 8 | c & 0xFF]`,
///   0 for "unchanged", else `offset << 12 | spaceFlag | length` of its UTF-8
///   replacement in `pool` (length 0: removed; `spaceFlag` when it contains a
///   space). Block 0 is all zeros and shared by every block of 256 code points
///   that nothing maps.
final class NormalisationTables: Sendable {
    let ascii: [UInt8]
    /// Whether `ascii` keeps printable ASCII and the space (0x20–0x7E) as
    /// they are but for capitals, which it lower-cases: the normaliser's
    /// eight-bytes-at-a-time path relies on it (other bytes take the table).
    let asciiIsPlain: Bool
    let blocks: [UInt16]
    let entries: [UInt32]
    let pool: [UInt8]

    static let lengthBits: UInt32 = 12
    static let spaceFlag: UInt32 = 0x800
    static let lengthMask: UInt32 = 0x7FF

    /// The tables of `TextNormaliser()`: the generated mapping and the embedded
    /// Policies/confusables.txt (a test keeps the two in step).
    static let builtIn: NormalisationTables = {
        do {
            return try NormalisationTables(confusables: Confusables(parsing: ConfusablesData.text))
        } catch {
            fatalError("the embedded Policies/confusables.txt is invalid: \(error)")
        }
    }()

    /// Builds the tables with `confusables` laid over the base mapping.
    /// - Throws: `ConfusablesError` for a target that the normalisation would
    ///   change or that is itself a source (mapping twice must change nothing).
    init(confusables: Confusables) throws(ConfusablesError) {
        var builder = Builder()
        let mapped = builder.decodeBaseMapping()
        var targets: [UInt32: [UInt8]] = [:]
        for entry in confusables.entries {
            targets[entry.source] = entry.target
        }
        for entry in confusables.entries {
            for scalar in String(decoding: entry.target, as: UTF8.self).unicodeScalars {
                let name = "U+" + String(scalar.value, radix: 16, uppercase: true)
                if builder.replacement(of: scalar.value) != nil {
                    throw ConfusablesError(line: entry.line, reason: .targetNotNormalised(name))
                }
                if targets[scalar.value] != nil {
                    throw ConfusablesError(line: entry.line, reason: .targetIsSource(name))
                }
            }
        }
        // Code points the base mapping changes: map each code point of the result.
        for codePoint in mapped {
            guard let replacement = builder.replacement(of: codePoint) else { continue }
            let scalars = String(decoding: replacement, as: UTF8.self).unicodeScalars
            guard scalars.contains(where: { targets[$0.value] != nil }) else { continue }
            var rewritten: [UInt8] = []
            for scalar in scalars {
                if let target = targets[scalar.value] {
                    rewritten += target
                } else {
                    rewritten += Array(String(scalar).utf8)
                }
            }
            builder.set(codePoint, to: rewritten)
        }
        // Sources map to their target as written, before case folding.
        for entry in confusables.entries {
            builder.set(entry.source, to: entry.target)
        }
        var ascii = [UInt8](repeating: 0, count: 128)
        for byte in 0..<UInt32(128) {
            if let replacement = builder.replacement(of: byte) {
                precondition(replacement.count <= 1, "ASCII maps to at most one byte")
                ascii[Int(byte)] = replacement.first ?? 0
            } else {
                ascii[Int(byte)] = UInt8(byte)
            }
        }
        self.ascii = ascii
        self.asciiIsPlain = (0..<128).allSatisfy { byte in
            switch byte {
            case 0x41...0x5A: ascii[byte] == UInt8(byte + 0x20)
            case 0x20...0x7E: ascii[byte] == UInt8(byte)
            default: true
            }
        }
        self.blocks = builder.blocks
        self.entries = builder.entries
        self.pool = builder.pool
    }

    /// The mutable state while building: the same layout as the tables.
    private struct Builder {
        var blocks = [UInt16](repeating: 0, count: 0x110000 >> 8)
        var entries = [UInt32](repeating: 0, count: 256)
        // Offset 0 is never a replacement, so no mapped entry is 0.
        var pool: [UInt8] = [0]

        /// Loads UnicodeTables' records; returns the code points they map.
        mutating func decodeBaseMapping() -> [UInt32] {
            guard let blob = Base64.decode(UnicodeTables.mappingBase64) else {
                fatalError("UnicodeTables.mappingBase64 is not base64")
            }
            let base = pool.count
            pool += blob
            var mapped: [UInt32] = []
            mapped.reserveCapacity(UnicodeTables.mappedCount)
            var position = 0
            func varint() -> UInt32 {
                var value: UInt32 = 0
                var shift: UInt32 = 0
                while true {
                    let byte = blob[position]
                    position += 1
                    value |= UInt32(byte & 0x7F) << shift
                    if byte < 0x80 { return value }
                    shift += 7
                }
            }
            var nextFree: UInt32 = 0
            while position < blob.count {
                let first = nextFree + varint()
                let run = varint()
                let length = varint()
                let spaces = blob[position..<position + Int(length)].contains(0x20)
                let entry = UInt32(base + position) << NormalisationTables.lengthBits | length
                    | (spaces ? NormalisationTables.spaceFlag : 0)
                position += Int(length)
                for codePoint in first..<first + run {
                    setEntry(codePoint, entry)
                    mapped.append(codePoint)
                }
                nextFree = first + run
            }
            precondition(mapped.count == UnicodeTables.mappedCount, "UnicodeTables: record count mismatch")
            return mapped
        }

        /// The replacement of `codePoint`, nil when it maps to itself.
        func replacement(of codePoint: UInt32) -> ArraySlice<UInt8>? {
            let entry = entries[Int(blocks[Int(codePoint >> 8)]) << 8 | Int(codePoint & 0xFF)]
            if entry == 0 { return nil }
            let offset = Int(entry >> NormalisationTables.lengthBits)
            return pool[offset..<offset + Int(entry & NormalisationTables.lengthMask)]
        }

        mutating func set(_ codePoint: UInt32, to replacement: [UInt8]) {
            precondition(UInt32(replacement.count) <= NormalisationTables.lengthMask, "replacement too long")
            let offset = pool.count
            pool += replacement
            precondition(pool.count < 1 << (32 - NormalisationTables.lengthBits), "replacement pool too large")
            setEntry(codePoint, UInt32(offset) << NormalisationTables.lengthBits | UInt32(replacement.count)
                | (replacement.contains(0x20) ? NormalisationTables.spaceFlag : 0))
        }

        private mutating func setEntry(_ codePoint: UInt32, _ entry: UInt32) {
            var block = Int(blocks[Int(codePoint >> 8)])
            if block == 0 {
                block = entries.count >> 8
                entries += repeatElement(0, count: 256)
                blocks[Int(codePoint >> 8)] = UInt16(block)
            }
            entries[block << 8 | Int(codePoint & 0xFF)] = entry
        }
    }
}
