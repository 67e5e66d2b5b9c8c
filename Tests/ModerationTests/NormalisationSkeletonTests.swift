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

    @Test func keepsDigitsInTextButNotInSkeleton() {
        let normalised = normaliser.normalise(Array("€ 1.500,- p/m".utf8))
        #expect(String(decoding: normalised.text, as: UTF8.self) == "€ 1.500,- p/m")
        #expect(String(decoding: normalised.skeleton, as: UTF8.self) == "€ i.soo,- p/m")
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
