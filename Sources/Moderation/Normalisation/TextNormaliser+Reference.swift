/// The normalisation as it was written first, byte by byte (eight at a
/// time for plain ASCII): kept as the reference that the block-at-a-time
/// paths of `normalise` are tested against (NormalisationBlockTests and the
/// normalise fuzz target). The output is a cross-client contract: the two
/// must agree on every input.
extension TextNormaliser {
    /// Both views, by the reference code.
    func normaliseReference(_ utf8: some Collection<UInt8>) -> NormalisedText {
        let text = utf8.withContiguousStorageIfAvailable { normaliseTextReference($0) }
            ?? Array(utf8).withUnsafeBufferPointer { normaliseTextReference($0) }
        return NormalisedText(text: text, skeleton: Self.skeletonReference(of: text))
    }

    /// The `text` view, by the reference code.
    func normaliseTextReference(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let plain = tables.asciiIsPlain
        return tables.ascii.withUnsafeBufferPointer { ascii in
            tables.blocks.withUnsafeBufferPointer { blocks in
                tables.entries.withUnsafeBufferPointer { entries in
                    tables.pool.withUnsafeBufferPointer { pool in
                        Self.normaliseTextReference(input, plain: plain, ascii: ascii, blocks: blocks, entries: entries, pool: pool)
                    }
                }
            }
        }
    }

    private static func normaliseTextReference(
        _ input: UnsafeBufferPointer<UInt8>,
        plain: Bool,
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
        return output.finish()
    }

    /// The skeleton of a normalised `text`, by the reference code.
    static func skeletonReference(of text: [UInt8]) -> [UInt8] {
        leet.withUnsafeBufferPointer { leet in
            skeletonClass.withUnsafeBufferPointer { classes in
                text.withUnsafeBufferPointer { source in
                    [UInt8](unsafeUninitializedCapacity: source.count) { output, written in
                        written = skeletonReference(source, into: output, leet: leet, classes: classes)
                    }
                }
            }
        }
    }

    private static func skeletonReference(
        _ source: UnsafeBufferPointer<UInt8>,
        into output: UnsafeMutableBufferPointer<UInt8>,
        leet: UnsafeBufferPointer<UInt8>,
        classes: UnsafeBufferPointer<UInt8>
    ) -> Int {
        let letter = SkeletonClass.letter.rawValue
        let separator = SkeletonClass.separator.rawValue
        let punctuation = SkeletonClass.punctuation.rawValue
        var written = 0
        // The joinable run in progress: where its first word starts in `output`
        // (-1: none), where its last word ends, and how many letters it has.
        var runStart = -1
        var runEnd = 0
        var runLetters = 0
        var wordStart = 0
        let count = source.count
        while wordStart < count {
            // Outside a joinable run, eight bytes of whole words of two or
            // more letters a-z (no leetspeak, punctuation or one-letter
            // word) are copied as they are, up to their last space.
            while runStart < 0 && count - wordStart >= 8 {
                let x = UInt64(littleEndian: UnsafeRawPointer(source.baseAddress! + wordStart)
                    .loadUnaligned(as: UInt64.self))
                guard let last = plainWords(x) else { break }
                if wordStart > 0 {
                    output[written] = 0x20
                    written += 1
                }
                UnsafeMutableRawPointer(output.baseAddress! + written).storeBytes(of: x.littleEndian, as: UInt64.self)
                written += last
                wordStart += last + 1
            }
            if wordStart >= count { break }
            // Copy the word (after its space), undoing leetspeak.
            if wordStart > 0 {
                output[written] = 0x20
                written += 1
            }
            let outputStart = written
            let firstByte = wordStart
            var wordEnd = wordStart
            // Eight bytes at a time while they hold no leetspeak: copy them,
            // and stop at the first space among them.
            // `lettersOnly`: every byte of the word so far is a-z or non-ASCII.
            var lettersOnly = true
            while count - wordEnd >= 8 {
                let x = UInt64(littleEndian: UnsafeRawPointer(source.baseAddress! + wordEnd)
                    .loadUnaligned(as: UInt64.self))
                guard let (space, letters) = plainWord(x) else { break }
                lettersOnly = lettersOnly && letters
                UnsafeMutableRawPointer(output.baseAddress! + written).storeBytes(of: x.littleEndian, as: UInt64.self)
                written += space
                wordEnd += space
                if space < 8 { break }
            }
            var digits = 0
            while wordEnd < count {
                let byte = source[wordEnd]
                if byte == 0x20 { break }
                lettersOnly = false
                output[written] = leet[Int(byte)]
                digits &+= byte &- 0x30 < 10 ? 1 : 0
                written += 1
                wordEnd += 1
            }
            // A number is not leetspeak: its digits stay.
            if digits >= 2 && isNumber(source, firstByte..<wordEnd) {
                for index in firstByte..<wordEnd { output[outputStart + index - firstByte] = source[index] }
            }
            wordStart = wordEnd + 1
            // The core: the word without other punctuation around it.
            // Read from the source (the word was copied one to one, through
            // `leet`), not from the bytes just stored: no store-to-load stall.
            let sourceOffset = wordEnd - written
            @inline(__always) func classAt(_ index: Int) -> UInt8 {
                classes[Int(leet[Int(source[index + sourceOffset])])]
            }
            // A word of two or more letters (most words) is its own core, of
            // class 0: no need to look for punctuation around it.
            let simple = lettersOnly && written - outputStart >= 2
            var coreStart = outputStart
            var coreEnd = written
            if !simple {
                while coreStart < written && classAt(coreStart) == punctuation { coreStart += 1 }
                while coreEnd > coreStart && classAt(coreEnd - 1) == punctuation { coreEnd -= 1 }
            }
            let coreClass = !simple && coreEnd - coreStart == 1 ? classAt(coreStart) : 0
            if coreClass == letter || (coreClass == separator && runStart >= 0) {
                if runStart < 0 { runStart = outputStart }
                runEnd = written
                if coreClass == letter { runLetters += 1 }
                continue
            }
            if runStart >= 0 {
                // The run ends before this word: join it, moving this word along.
                let shift = runLetters >= 3 ? removeSpaces(output, runStart..<runEnd) : 0
                if shift > 0 {
                    for index in runEnd..<written { output[index - shift] = output[index] }
                    coreStart -= shift
                    coreEnd -= shift
                    written -= shift
                }
                runStart = -1
                runLetters = 0
            }
            if isDottedWord(output, coreStart, coreEnd, classes: classes) {
                // Keep the core's letters (every other byte) and what follows it.
                var to = coreStart + 1
                var from = coreStart + 2
                while from < written {
                    output[to] = output[from]
                    to += 1
                    from += from < coreEnd - 1 ? 2 : 1
                }
                written = to
            }
        }
        if runStart >= 0 && runLetters >= 3 {
            written -= removeSpaces(output, runStart..<runEnd)
        }
        return written
    }
}
