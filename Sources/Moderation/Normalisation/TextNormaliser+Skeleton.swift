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
                        written = skeleton(source, into: output, leet: leet, classes: classes)
                    }
                }
            }
        }
    }

    private static func skeleton(
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
        // (-1: none) and how many letters it has.
        var runStart = -1
        var runLetters = 0

        func finishRun() {
            if runStart >= 0 && runLetters >= 3 {
                var to = runStart
                for from in runStart..<written where output[from] != 0x20 {
                    output[to] = output[from]
                    to += 1
                }
                written = to
            }
            runStart = -1
            runLetters = 0
        }

        var wordStart = 0
        let count = source.count
        while wordStart < count {
            var wordEnd = wordStart
            while wordEnd < count && source[wordEnd] != 0x20 { wordEnd += 1 }
            // The core: the word without other punctuation around it.
            var coreStart = wordStart
            while coreStart < wordEnd && classes[Int(leet[Int(source[coreStart])])] == punctuation { coreStart += 1 }
            var coreEnd = wordEnd
            while coreEnd > coreStart && classes[Int(leet[Int(source[coreEnd - 1])])] == punctuation { coreEnd -= 1 }
            let coreClass = coreEnd - coreStart == 1 ? classes[Int(leet[Int(source[coreStart])])] : 0
            let joins = coreClass == letter || (coreClass == separator && runStart >= 0)
            if !joins { finishRun() }
            if wordStart > 0 {
                output[written] = 0x20
                written += 1
            }
            if joins && runStart < 0 { runStart = written }
            if coreClass == letter { runLetters += 1 }
            let dotted = isDottedWord(source, coreStart, coreEnd, leet: leet, classes: classes)
            for index in wordStart..<wordEnd {
                let byte = leet[Int(source[index])]
                if dotted && index >= coreStart && index < coreEnd && (index - coreStart) & 1 == 1 { continue }
                output[written] = byte
                written += 1
            }
            wordStart = wordEnd + 1
        }
        finishRun()
        return written
    }

    /// Whether `source[start..<end]` alternates letters and separators, starting
    /// and ending with a letter, with at least 3 letters: `b.o.e.k`.
    @inline(__always)
    private static func isDottedWord(
        _ source: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
        leet: UnsafeBufferPointer<UInt8>, classes: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        let length = end - start
        guard length >= 5, length & 1 == 1 else { return false }
        var index = start
        while index < end {
            let expected = (index - start) & 1 == 0 ? SkeletonClass.letter.rawValue : SkeletonClass.separator.rawValue
            if classes[Int(leet[Int(source[index])])] != expected { return false }
            index += 1
        }
        return true
    }
}
