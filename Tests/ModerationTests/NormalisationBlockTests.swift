import Testing
@testable import Moderation

/// The normaliser's block-at-a-time paths (SIMD16 lower-casing of the text
/// view, 32-byte copies of unchanged words in the skeleton) against the
/// reference code they replaced (`normaliseReference`): the output is a
/// cross-client contract, so the two must agree byte for byte on every input.
@Suite struct NormalisationBlockTests {
    /// Pieces that exercise every branch: plain and capitalised words,
    /// punctuation and separators, leetspeak, one-letter words, spaced and
    /// dotted letters, digits, controls and white space runs, non-ASCII
    /// (accents, confusables, zero-width, other scripts), invalid UTF-8.
    static let pieces: [[UInt8]] = [
        "de", "demo", "Offerte", "KORTING", "a", "b", "e.g.", "b.o.e.k", "d-e-m-o", "d e m o", "w w w . s h o p",
        "gr4t1s", "d3mo", "k0rting", "@", "$", "1234", "2", "69", "4", "(d e m o)!", "word,", "end.", "?", "!!",
        " ", "  ", "\n", "\n\n", "\t", "\r\n", "\u{7F}", "\u{1}", ".", "-", "_", "*", "|", "/", "x.y", "ab.c.d",
        "café", "naïve", "Ωmega", "аррӏе", "zero\u{200B}width", "ﬁ", "Ⅻ", "日本語", "\u{00A0}", "\u{2003}", "€ 5",
        "phishing", "leverancier", "ransomware", "A", "Z", "[", "`", "{", "~",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0x80]]

    /// Up to `count` random pieces, each followed by a byte from `separator`.
    static func randomPieces(_ random: inout SplitMix64, upTo count: Int,
                             separator: (inout SplitMix64) -> UInt8) -> [UInt8] {
        var input: [UInt8] = []
        for _ in 0..<Int.random(in: 0...count, using: &random) {
            input += pieces[Int.random(in: 0..<pieces.count, using: &random)]
            input.append(separator(&random))
        }
        return input
    }

    private func check(_ input: [UInt8], _ issues: inout Int) {
        let fast = normaliser.normalise(input)
        let reference = normaliser.normaliseReference(input)
        if fast != reference {
            issues += 1
            if issues <= 5 {
                Issue.record("differs for \(input): text \(fast.text) vs \(reference.text), skeleton \(fast.skeleton) vs \(reference.skeleton)")
            }
        }
    }

    /// Random sequences of the pieces, joined by nothing, spaces or
    /// punctuation, behind prefixes of every length 0-40 (so every piece
    /// meets the 8-, 16- and 32-byte block edges at every offset).
    @Test func agreesWithTheReferenceOnGeneratedTexts() {
        var random = SplitMix64(state: 0x5EED_B10C)
        var issues = 0
        for round in 0..<6000 {
            var input: [UInt8] = Array(repeating: UInt8(ascii: round % 2 == 0 ? "x" : " "), count: round % 41)
            for _ in 0..<Int.random(in: 1...40, using: &random) {
                input += Self.pieces[Int.random(in: 0..<Self.pieces.count, using: &random)]
                switch Int.random(in: 0..<6, using: &random) {
                case 0, 1, 2: input.append(0x20)
                case 3: break
                case 4: input += Array(", ".utf8)
                default: input.append(UInt8(ascii: "."))
                }
            }
            check(input, &issues)
        }
        #expect(issues == 0)
    }

    /// Long texts of plain words (the block paths' home) with one change
    /// planted at every position: a capital, a digit, a one-letter word, a
    /// doubled space, a control, a non-ASCII letter, an invalid byte.
    @Test func agreesWithTheReferenceAroundEveryBlockEdge() {
        let base = Array("wij hebben een vraag over phishing bij onze leverancier heeft iemand ervaring met mfa".utf8)
        let plants: [[UInt8]] = ["Q", "7", " a ", "  ", "\n", "é", "$", "@", " i ", " x y z ", "b.o.e.k", "\u{1}"].map { Array($0.utf8) }
            + [[0xFF], [0xE2, 0x82]]
        var issues = 0
        for plant in plants {
            for position in 0...base.count {
                var input = base
                input.insert(contentsOf: plant, at: position)
                check(input, &issues)
                check(input + base, &issues)
            }
        }
        #expect(issues == 0)
    }

    /// Random bytes, biased to ASCII letters and spaces or not at all.
    @Test func agreesWithTheReferenceOnRandomBytes() {
        var random = SplitMix64(state: 0xB17E)
        var issues = 0
        let biased = Array("abcdefghijklmnopqrstuvwxyz    .,-0134@$ABCZ".utf8)
        for round in 0..<4000 {
            let count = Int.random(in: 0..<(round % 10 == 0 ? 600 : 90), using: &random)
            let input = (0..<count).map { _ -> UInt8 in
                round % 3 == 0 ? UInt8.random(in: 0...255, using: &random)
                    : biased[Int.random(in: 0..<biased.count, using: &random)]
            }
            check(input, &issues)
        }
        #expect(issues == 0)
    }

    /// The skeleton of any bytes (not only a normalised text) is the
    /// reference's: its fast path assumes nothing the reference does not.
    @Test func skeletonAgreesOnArbitraryBytes() {
        var random = SplitMix64(state: 0x5CE1)
        let alphabet = Array("abcdefghij  xyz.-_*|/!?(),0123456789@$AZ\n".utf8) + [0x80, 0xC3, 0xA9, 0xFF, 0x7F, 0x00]
        var issues = 0
        for _ in 0..<5000 {
            let count = Int.random(in: 0..<200, using: &random)
            let input = (0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }
            if TextNormaliser.skeleton(of: input) != TextNormaliser.skeletonReference(of: input) {
                issues += 1
                if issues <= 5 { Issue.record("skeleton differs for \(input)") }
            }
        }
        #expect(issues == 0)
    }
}

/// The rule engine normalises into one scratch buffer (`withViews`) when it
/// has a `TextNormaliser`: the views must be `normalise`'s.
@Suite struct NormalisationScratchTests {
    @Test func withViewsGivesTheViewsOfNormalise() {
        var random = SplitMix64(state: 0x5C7A)
        var issues = 0
        for round in 0..<3000 {
            var input = NormalisationBlockTests.randomPieces(&random, upTo: round % 50 == 0 ? 400 : 30) { random in
                round % 3 == 0 ? 0x20 : UInt8.random(in: 0...255, using: &random)
            }
            // Expanding input (the text outgrows the scratch buffer) too.
            if round % 7 == 0 { input += Array(String(repeating: "ﷺ", count: 1 + round % 20).utf8) }
            let expected = normaliser.normalise(input)
            let same = input.withUnsafeBufferPointer { bytes in
                normaliser.withViews(bytes) { Array($0) == expected.text && Array($1) == expected.skeleton }
            }
            if !same {
                issues += 1
                if issues <= 5 { Issue.record("withViews differs for \(input)") }
            }
        }
        #expect(issues == 0)
    }
}

/// The skeleton writer tells whether it wrote the text's own bytes; then
/// `withViews` hands over the text as the skeleton (and the engine scans
/// one view). It must say so exactly when the bytes are the same.
@Suite struct SkeletonSameTests {
    @Test func saysSameExactlyWhenNothingChanged() {
        var random = SplitMix64(state: 0x5A3E)
        var issues = 0
        for round in 0..<4000 {
            let input = NormalisationBlockTests.randomPieces(&random, upTo: round % 40 == 0 ? 300 : 12) { _ in 0x20 }
            let text = normaliser.normalise(input).text
            var same = false
            let skeleton = text.withUnsafeBufferPointer { source in
                [UInt8](unsafeUninitializedCapacity: source.count) { room, written in
                    (written, same) = TextNormaliser.skeleton(source, into: room)
                }
            }
            if same != (skeleton == text) {
                issues += 1
                if issues <= 5 { Issue.record("same is \(same) for \(String(decoding: text, as: UTF8.self))") }
            }
        }
        #expect(issues == 0)
    }
}

/// `withViews` borrows one block per thread (`ThreadScratch`): nested calls,
/// growing requests, requests over the limit and threads at once must each
/// get memory of their own.
@Suite struct ThreadScratchTests {
    @Test func aNestedCallGetsOtherMemory() {
        ThreadScratch.with(bytes: 4096) { outer in
            outer.initialize(repeating: 0xAA)
            ThreadScratch.with(bytes: 4096) { inner in
                #expect(inner.baseAddress != outer.baseAddress)
                inner.initialize(repeating: 0x55)
            }
            #expect(outer.allSatisfy { $0 == 0xAA }, "the inner call wrote into the outer one's memory")
        }
    }

    @Test func theBlockIsKeptAndGrows() {
        let first = ThreadScratch.with(bytes: 1000) { $0.baseAddress }
        let again = ThreadScratch.with(bytes: 2000) { $0.baseAddress }
        #expect(first == again, "a request the block holds reuses it")
        let grown = ThreadScratch.with(bytes: 200_000) { buffer -> Int in
            buffer.initialize(repeating: 7)
            return buffer.count
        }
        #expect(grown == 200_000)
        let limit = ThreadScratch.maximumBytes
        let over = ThreadScratch.with(bytes: limit + 1) { buffer -> Bool in
            buffer.initialize(repeating: 1)
            return buffer.count == limit + 1
        }
        #expect(over, "a request over the limit still gets all its bytes")
    }

    @Test func threadsEvaluateAtOnceWithTheirOwnViews() async {
        let texts: [[UInt8]] = (0..<8).map { Array(String(repeating: "Ｔｅｓｔ d 3 m o \($0) ", count: 40 + $0 * 30).utf8) }
        let expected = texts.map { normaliser.normalise($0) }
        let results = await withTaskGroup(of: Bool.self) { group in
            for (index, text) in texts.enumerated() {
                group.addTask {
                    (0..<200).allSatisfy { _ in
                        text.withUnsafeBufferPointer { bytes in
                            normaliser.withViews(bytes) { Array($0) == expected[index].text && Array($1) == expected[index].skeleton }
                        }
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == texts.count && results.allSatisfy { $0 })
    }
}
