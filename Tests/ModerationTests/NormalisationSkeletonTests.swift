import Testing
@testable import Moderation

@Suite struct NormalisationSkeletonTests {
    @Test func undoesLeetspeak() {
        #expect(skeleton("d3m0") == "demo")
        #expect(skeleton("GR4T1S") == "gratis")           // 1 -> i
        #expect(skeleton("5n3l 7e k00p, 8ill") == "snel te koop, bill")
        #expect(skeleton("@ll $ale") == "all sale")
        #expect(skeleton("269") == "269")                 // 2, 6 and 9 have no letter
    }

    @Test func documentationExampleHolds() {
        let normalised = TextNormaliser().normalise(Array("Gr4t1s D 3 M O!".utf8))
        #expect(String(decoding: normalised.text, as: UTF8.self) == "gr4t1s d 3 m o!")
        #expect(String(decoding: normalised.skeleton, as: UTF8.self) == "gratis demo!")
    }

    @Test func numbersKeepTheirDigitsLeetspeakDoesNot() {
        let normalised = normaliser.normalise(Array("€ 1.500,- p/m".utf8))
        #expect(String(decoding: normalised.text, as: UTF8.self) == "€ 1.500,- p/m")
        #expect(String(decoding: normalised.skeleton, as: UTF8.self) == "€ 1.500,- p/m")
        #expect(skeleton("d3mo in 2024, b00k 0900-8844 of 1.3.5") == "demo in 2024, book 0900-8844 of 1.3.5")
        #expect(skeleton("(2024)? $99 €1.500,- 40%") == "(2024)? $99 €1.500,- 40%")
        // One digit is not a number: it may be a letter, alone or spaced out.
        #expect(skeleton("k0rting 1e 3.") == "korting ie e.")
        #expect(skeleton("d 3 m 0!") == "demo!")
        // Digits with letters are leetspeak, whatever their count.
        #expect(skeleton("gr4t1s 100euro") == "gratis iooeuro")
    }

    @Test func joinsSpacedOutLetters() {
        #expect(skeleton("d 3 m o") == "demo")
        #expect(skeleton("D 3 M O") == "demo")
        #expect(skeleton("koop d e m o nu") == "koop demo nu")
        #expect(skeleton("w w w . s h o p") == "www.shop")
        #expect(skeleton("w w w .") == "www.")
        #expect(skeleton("(d e m o)!") == "(demo)!")
        #expect(skeleton("g r a t i s, nu") == "gratis, nu")
        #expect(skeleton("d\u{00A0}e\u{2003}m\u{200B} o") == "demo")
    }

    @Test func joinsLettersSeparatedBySingleSeparators() {
        #expect(skeleton("b.o.e.k") == "boek")
        #expect(skeleton("d-e-m-o") == "demo")
        #expect(skeleton("d_3*m|0/s") == "demos")
        #expect(skeleton("(b.o.e.k)") == "(boek)")
    }

    @Test func leavesShortRunsAndLongerWordsAlone() {
        #expect(skeleton("ik ben") == "ik ben")
        #expect(skeleton("a b") == "a b")
        #expect(skeleton("x . y") == "x . y")
        #expect(skeleton("e.g.") == "e.g.")
        #expect(skeleton("a.b") == "a.b")
        #expect(skeleton("d e mo") == "d e mo")
        #expect(skeleton("ik zie a b c") == "ik zie abc")
        #expect(skeleton("d..e..m") == "d..e..m")      // two separators: not one spaced-out word
        #expect(skeleton(". . . a b") == ". . . a b")   // a run starts with a letter
    }

    @Test func homoglyphsAndSpacingMatchTheSamePhrase() {
        for input in ["demo", "DEMO", "D 3 M O", "d\u{0435}m\u{043E}", "ᴅᴇᴍᴏ", "d.3.m.0", "ＤＥＭＯ", "dé\u{200B}mö"] {
            #expect(skeleton(input) == "demo", "\(input)")
        }
    }

    @Test func isNeverLongerThanText() {
        var generator = SplitMix64(state: 7)
        let alphabet = Array("ab 01345 78@$.-_*|/()!,éЕ€".unicodeScalars)
        for _ in 0..<500 {
            let length = Int.random(in: 0..<40, using: &generator)
            var input = ""
            for _ in 0..<length { input.unicodeScalars.append(alphabet.randomElement(using: &generator)!) }
            let normalised = normaliser.normalise(Array(input.utf8))
            #expect(normalised.skeleton.count <= normalised.text.count, "\(input)")
            #expect(isValidUTF8(normalised.skeleton), "\(input)")
        }
    }
}

/// The skeleton rules written the slow, obvious way (words as arrays), to
/// check the in-place implementation on random input.
enum ReferenceSkeleton {
    static func of(_ text: [UInt8]) -> [UInt8] {
        let leet = Dictionary(uniqueKeysWithValues: zip("0134578@$".utf8, "oieastbas".utf8))
        let separators = Set(".-_*|/".utf8)
        func isLetter(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
        func isPunctuation(_ byte: UInt8) -> Bool {
            byte > 0x20 && byte < 0x7F && !isLetter(byte) && !separators.contains(byte) && !(byte >= 0x30 && byte <= 0x39)
        }
        // A number (two digits or more, no letter) is not leetspeak.
        func isNumber(_ word: ArraySlice<UInt8>) -> Bool {
            word.filter { $0 >= 0x30 && $0 <= 0x39 }.count >= 2
                && !word.contains { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) }
        }
        let words = text.split(separator: 0x20, omittingEmptySubsequences: false).map { word in
            isNumber(word) ? Array(word) : word.map { leet[$0] ?? $0 }
        }
        // (word after the dotted rule, core class: 1 letter, 2 separator, 0 other)
        var processed: [([UInt8], Int)] = []
        for word in words {
            let lead = word.prefix(while: isPunctuation).count
            let trail = word.dropFirst(lead).reversed().prefix(while: isPunctuation).count
            let core = Array(word[lead..<(word.count - trail)])
            var kind = 0
            if core.count == 1 { kind = isLetter(core[0]) ? 1 : separators.contains(core[0]) ? 2 : 0 }
            var result = word
            let dotted = core.count >= 5 && core.count % 2 == 1 && core.enumerated().allSatisfy { index, byte in
                index % 2 == 0 ? isLetter(byte) : separators.contains(byte)
            }
            if dotted {
                result = Array(word[..<lead]) + core.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
                    + Array(word[(word.count - trail)...])
            }
            processed.append((result, kind))
        }
        var pieces: [[UInt8]] = []
        var index = 0
        while index < processed.count {
            if processed[index].1 == 1 {
                var end = index + 1
                while end < processed.count && processed[end].1 != 0 { end += 1 }
                let run = processed[index..<end]
                if run.filter({ $0.1 == 1 }).count >= 3 {
                    pieces.append(run.flatMap(\.0))
                } else {
                    pieces += run.map(\.0)
                }
                index = end
            } else {
                pieces.append(processed[index].0)
                index += 1
            }
        }
        return Array(pieces.joined(separator: [0x20]))
    }
}

@Suite struct NormalisationSkeletonReferenceTests {
    @Test func matchesTheReferenceOnRandomText() {
        var generator = SplitMix64(state: 99)
        let alphabet = Array("ab 01 3 4 5 7 8 @$ . - _ * | / ( ) ! , 2 é".utf8) + [0x20, 0x20, 0x20]
        for _ in 0..<3000 {
            let input = (0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let normalised = normaliser.normalise(input)
            #expect(normalised.skeleton == ReferenceSkeleton.of(normalised.text),
                    "\(String(decoding: normalised.text, as: UTF8.self))")
        }
    }

    @Test func joinsARunBeforeADottedWord() {
        #expect(skeleton("d e m o b.o.e.k (n u)") == "demo boek (n u)")
        #expect(skeleton("a b c d.e.f g h i") == "abc def ghi")
    }
}
