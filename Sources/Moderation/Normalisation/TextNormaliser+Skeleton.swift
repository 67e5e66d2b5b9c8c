extension TextNormaliser {
    /// How the skeleton sees a byte after leetspeak (see `TextNormaliser`).
    enum SkeletonClass: UInt8 {
        /// Digits 2, 6, 9, non-ASCII bytes: part of a word, never joined.
        case other = 0
        /// `a`–`z` (including undone leetspeak).
        case letter = 1
        /// `. - _ * | /` between spaced-out letters.
        case separator = 2
        /// Any other ASCII punctuation, allowed around a one-character word: `(d`, `o!`.
        case punctuation = 3
    }

    /// `leet[b]`: the byte after undoing leetspeak (identity for most bytes).
    /// 1 becomes i, not l: "gr4t1s" is "gratis", and l is rarer in spam words.
    static let leet: [UInt8] = {
        var table = (0...255).map { UInt8($0) }
        for (from, to) in zip("0134578@$".utf8, "oieastbas".utf8) {
            table[Int(from)] = to
        }
        return table
    }()

    /// `skeletonClass[b]` for a byte after leetspeak, as `SkeletonClass` raw values.
    static let skeletonClass: [UInt8] = {
        var table = [UInt8](repeating: SkeletonClass.other.rawValue, count: 256)
        for byte in UInt8(ascii: "!")...UInt8(ascii: "~") {
            table[Int(byte)] = SkeletonClass.punctuation.rawValue
        }
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") {
            table[Int(byte)] = SkeletonClass.other.rawValue
        }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") {
            table[Int(byte)] = SkeletonClass.letter.rawValue
        }
        for byte in ".-_*|/".utf8 {
            table[Int(byte)] = SkeletonClass.separator.rawValue
        }
        return table
    }()

    /// The skeleton of a normalised `text` (single spaces, none at the ends).
    /// Linear: each word is read once, and each joined run compacted once.
    static func skeleton(of text: [UInt8]) -> [UInt8] {
        leet.withUnsafeBufferPointer { leet in
            skeletonClass.withUnsafeBufferPointer { classes in
                text.withUnsafeBufferPointer { source in
                    [UInt8](unsafeUninitializedCapacity: source.count) { output, written in
                        written = skeleton(source, into: output, leet: leet, classes: classes, padded: false).count
                    }
                }
            }
        }
    }

    /// The skeleton of `source` (a normalised text) written to `output`
    /// (room for `source.count` bytes); returns how many bytes it wrote,
    /// and whether they are `source`'s own (nothing undone or joined).
    /// `padded`: the `skeletonPadding` bytes after `source` are spaces, and
    /// as many after `output` may be written (scratch): whole words are
    /// then copied 32 bytes at a time up to the text's end.
    static func skeleton(_ source: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>,
                         padded: Bool = false) -> (count: Int, same: Bool) {
        leet.withUnsafeBufferPointer { leet in
            skeletonClass.withUnsafeBufferPointer { classes in
                skeleton(source, into: output, leet: leet, classes: classes, padded: padded)
            }
        }
    }

    /// The spaces `skeleton(_:into:padded:)` reads after the text.
    static let skeletonPadding = 48

    private static func skeleton(
        _ source: UnsafeBufferPointer<UInt8>,
        into output: UnsafeMutableBufferPointer<UInt8>,
        leet: UnsafeBufferPointer<UInt8>,
        classes: UnsafeBufferPointer<UInt8>,
        padded: Bool
    ) -> (count: Int, same: Bool) {
        let letter = SkeletonClass.letter.rawValue
        // Whether leetspeak was undone (joining always removes bytes).
        var undone = false
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
            // Outside a joinable run, 32 bytes at a time: the whole words
            // that nothing changes are copied as they are (`inertWords`).
            // Padded, up to the end: the padding's second space (a space
            // after a space) stops `inertWords`, which then ends at the
            // first, the text's end.
            while runStart < 0 && wordStart > 0 && (padded ? wordStart < count : count - wordStart > 32) {
                guard let last = inertWords(source.baseAddress! + wordStart) else { break }
                output[written] = 0x20
                written += 1
                let from = UnsafeRawPointer(source.baseAddress! + wordStart)
                let to = UnsafeMutableRawPointer(output.baseAddress! + written)
                to.storeBytes(of: from.loadUnaligned(as: SIMD16<UInt8>.self), as: SIMD16<UInt8>.self)
                (to + 16).storeBytes(of: (from + 16).loadUnaligned(as: SIMD16<UInt8>.self), as: SIMD16<UInt8>.self)
                written += last
                wordStart += last + 1
            }
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
            var mapped = false
            while wordEnd < count {
                let byte = source[wordEnd]
                if byte == 0x20 { break }
                lettersOnly = false
                let undoneByte = leet[Int(byte)]
                output[written] = undoneByte
                mapped = mapped || undoneByte != byte
                digits &+= byte &- 0x30 < 10 ? 1 : 0
                written += 1
                wordEnd += 1
            }
            // A number is not leetspeak: its digits stay.
            if digits >= 2 && isNumber(source, firstByte..<wordEnd) {
                for index in firstByte..<wordEnd { output[outputStart + index - firstByte] = source[index] }
            } else {
                undone = undone || mapped
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
        return (written, !undone && written == count)
    }

    /// For eight bytes of `text` (the first in the low byte) that `leet`
    /// leaves as they are (no digit, `@` or `$`; non-ASCII bytes are fine):
    /// how many come before the first space (8: none), and whether those are
    /// all letters a-z or non-ASCII bytes. Nil when one of them is leetspeak.
    @inline(__always)
    static func plainWord(_ x: UInt64) -> (Int, Bool)? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        func equal(_ byte: UInt64) -> UInt64 {
            let y = x ^ byte &* ones
            return ~((y & ~high) &+ ~high | y) & high
        }
        // ASCII digits: 0x30 ≤ b ≤ 0x39 among the bytes below 0x80.
        let low = x & ~high
        let digits = ((low | high) &- 0x30 &* ones) & ~((low | high) &- 0x3A &* ones) & ~x & high
        if digits | equal(0x40) | equal(0x24) != 0 { return nil }
        let space = equal(0x20).trailingZeroBitCount >> 3
        let letters = (((low | high) &- 0x61 &* ones) & ~((low | high) &- 0x7B &* ones) & ~x | x) & high
        let before = space == 8 ? high : high & ((1 << (8 * UInt64(space))) &- 1)
        return (space, letters & before == before)
    }

    /// For eight bytes of `text` starting a word (the first in the low
    /// byte): where the last space among them is, when they are only letters
    /// a-z and single spaces, none first, and each word ending before that
    /// space has two or more letters; else nil.
    @inline(__always)
    static func plainWords(_ x: UInt64) -> Int? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        if x & high != 0 { return nil }
        let set = x | high
        let letters = (set &- 0x61 &* ones) & ~(set &- 0x7B &* ones) & high
        let y = x ^ 0x20 &* ones
        let spaces = ~((y & ~high) &+ ~high | y) & high
        if letters | spaces != high || spaces == 0 { return nil }
        // A space first or after a space, or a letter alone between spaces
        // (or after the start, which is a word's start).
        if spaces & (spaces << 8 | 0x80) != 0 { return nil }
        if letters & (spaces << 8 | 0x80) & (spaces >> 8) != 0 { return nil }
        return (63 - spaces.leadingZeroBitCount) >> 3
    }

    /// For the 32 bytes at `start` (a word's start, after a space, with at
    /// least one more byte after them): where the last space is before the
    /// first byte that the skeleton might change, or nil when there is none.
    /// A word is left as it is (and joins nothing) when it has no leetspeak
    /// (no digit at all, `@` or `$`) and every byte of it has a *solid*
    /// neighbour in it, a letter a-z or a byte that is not printable ASCII:
    /// then it has two solid bytes in a row, so its core is neither one
    /// character nor letters and separators alternating.
    @inline(__always)
    static func inertWords(_ start: UnsafePointer<UInt8>) -> Int? {
        // Eight bytes a lane (each 0 or 0xFF): the first bad byte ends the
        // search; the last space before it is the answer.
        let (bad0, space0) = inertBytes(start)
        let (bad1, space1) = inertBytes(start + 16)
        let bad = (bad0[0], bad0[1], bad1[0], bad1[1])
        let spaces = (space0[0], space0[1], space1[0], space1[1])
        var last = -1
        @inline(__always) func lane(_ index: Int, _ bad: UInt64, _ spaces: UInt64) -> Bool {
            var before = spaces
            if bad != 0 { before &= (1 << UInt64(bad.trailingZeroBitCount)) &- 1 }
            if before != 0 { last = index * 8 + (63 - before.leadingZeroBitCount) >> 3 }
            return bad == 0
        }
        _ = lane(0, bad.0, spaces.0) && lane(1, bad.1, spaces.1) && lane(2, bad.2, spaces.2) && lane(3, bad.3, spaces.3)
        return last > 0 ? last : nil
    }

    /// For the 16 bytes at `start` (with a byte before and after them): a
    /// 0xFF byte for each byte that is leetspeak, a space after a space, or
    /// not a space and without a solid neighbour; and one for each space.
    /// SIMD16 compares (SSE2 on any x86_64; SIMD32's bitwise operators are
    /// not vectorised by this compiler, and neither are the scalar overloads).
    @inline(__always)
    static func inertBytes(_ start: UnsafePointer<UInt8>) -> (SIMD2<UInt64>, SIMD2<UInt64>) {
        typealias V = SIMD16<UInt8>
        let raw = UnsafeRawPointer(start)
        let x = raw.loadUnaligned(as: V.self)
        let left = (raw - 1).loadUnaligned(as: V.self)
        let right = (raw + 1).loadUnaligned(as: V.self)
        @inline(__always) func bytes(_ mask: SIMDMask<SIMD16<Int8>>) -> V {
            unsafeBitCast(mask, to: V.self)
        }
        let spaceByte = V(repeating: 0x20)
        @inline(__always) func solid(_ v: V) -> V {
            bytes((v &- V(repeating: 0x61)) .< V(repeating: 26)) | ~bytes((v &- spaceByte) .< V(repeating: 0x5F))
        }
        let space = bytes(x .== spaceByte)
        let leet = bytes((x &- V(repeating: 0x30)) .< V(repeating: 10)) | bytes(x .== V(repeating: 0x40))
            | bytes(x .== V(repeating: 0x24))
        let lonely = ~space & ~(solid(left) | solid(right))
        let doubled = space & bytes(left .== spaceByte)
        return (unsafeBitCast(leet | lonely | doubled, to: SIMD2<UInt64>.self), unsafeBitCast(space, to: SIMD2<UInt64>.self))
    }

    /// Whether `source[range]` is a number: no ASCII letter (the caller has
    /// counted two digits or more). Its digits are not leetspeak: "2024",
    /// "(2024)", "€1.500,-" and "0900-8844" stay, where "d3mo" is "demo"
    /// (and "0" alone, one digit, may still be a spaced-out letter).
    @inline(__always)
    static func isNumber(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        for index in range where (source[index] | 0x20) &- 0x61 < 26 { return false }
        return true
    }

    /// Removes the spaces in `range` of `output`, moving the rest of the range
    /// left; returns how many were removed.
    @inline(__always)
    static func removeSpaces(_ output: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var to = range.lowerBound
        for from in range where output[from] != 0x20 {
            output[to] = output[from]
            to += 1
        }
        return range.upperBound - to
    }

    /// Whether `bytes[start..<end]` alternates letters and separators, starting
    /// and ending with a letter, with at least 3 letters: `b.o.e.k`.
    @inline(__always)
    static func isDottedWord(
        _ bytes: UnsafeMutableBufferPointer<UInt8>, _ start: Int, _ end: Int,
        classes: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        let length = end - start
        guard length >= 5, length & 1 == 1 else { return false }
        var index = start
        while index < end {
            let expected = (index - start) & 1 == 0 ? SkeletonClass.letter.rawValue : SkeletonClass.separator.rawValue
            if classes[Int(bytes[index])] != expected { return false }
            index += 1
        }
        return true
    }
}
