import Testing
@testable import Moderation

@Suite struct NormalisationTextTests {
    @Test func namesTheUnicodeVersionOfItsTables() {
        #expect(TextNormaliser.unicodeVersion == "15.0.0")
    }

    @Test func asciiIsLowerCasedAndOtherwiseKept() {
        #expect(text("Koop NU: Demo-Versie!") == "koop nu: demo-versie!")
        #expect(text("") == "")
    }

    @Test(arguments: [
        ("Straße", "strasse"),
        ("STRASSE ẞ", "strasse ss"),
        ("İstanbul", "istanbul"),     // NFKC_CF: İ -> i + U+0307, the mark is then stripped
        ("ı", "i"),                   // dotless i: not NFKC_CF, a confusable
        ("ＤＥＭＯ", "demo"),          // fullwidth
        ("ﬁets", "fiets"),            // ligature
        ("① ⑵ ²", "1 (2) 2"),         // NFKC compatibility
        ("ſale", "sale"),             // long s
        ("ΣΊΣΥΦΟΣ", "σiσyφoσ"),       // σ and final ς fold to σ; Ί -> ί -> ι -> i; Υ, Ο confusables
        ("𝐃𝐄𝐌𝐎", "demo"),             // mathematical bold
        ("ǅ", "dz"),
        ("Ω", "w"),                   // OHM SIGN -> ω, a confusable of w
    ])
    func foldsCaseAsNFKCCasefold(input: String, expected: String) {
        #expect(text(input) == expected)
    }

    @Test func stripsDiacritics() {
        #expect(text("é è ë ï ö ü ç ñ å") == "e e e i o u c n a")
        #expect(text("CAFÉ Ångström naïve") == "cafe angstrom naive")
        // Decomposed input (e + U+0301) gives the same as precomposed.
        #expect(text("cafe\u{0301}") == "cafe")
        #expect(text("Z\u{0335}\u{0321}a\u{0334}l\u{0336}g\u{0337}o") == "zalgo")
    }

    @Test func removesDefaultIgnorablesInsideWords() {
        #expect(text("de\u{200B}mo") == "demo")
        #expect(text("d\u{200D}e\u{00AD}m\u{FEFF}o\u{2060}") == "demo")
        #expect(text("\u{FEFF}demo") == "demo")
    }

    @Test func removesControls() {
        #expect(text("de\u{01}m\u{7F}o\u{1F}") == "demo")
    }

    @Test func collapsesEveryKindOfWhiteSpace() {
        #expect(text("koop\u{00A0}nu") == "koop nu")
        #expect(text("  a \t\n\r\u{0B}\u{0C} b\u{2003}\u{3000}\u{2028}\u{85}c  ") == "a b c")
        #expect(text("a \u{200B} b") == "a b")
        #expect(text(" \u{00A0}\t") == "")
    }

    @Test func mapsCyrillicAndGreekHomoglyphs() {
        #expect(text("d\u{0435}m\u{043E}") == "demo")            // Cyrillic е, о
        #expect(text("\u{0421}\u{0410}\u{0422}") == "cat")         // Cyrillic С А Т
        #expect(text("р\u{0430}ур\u{0430}l") == "paypal")          // Cyrillic р а у р а
        #expect(text("\u{0397}\u{039F}\u{03A4}") == "hot")         // Greek capitals Η Ο Τ
        #expect(text("\u{03BD}\u{03BF}") == "vo")                  // Greek ν ο
        #expect(text("ꜰʀᴇᴇ") == "free")                            // small capitals
        #expect(text("\u{0401}") == "e")                           // Ё -> ё -> е -> e
    }

    @Test func keepsDigitsAndCurrency() {
        #expect(text("€ 1.500,- p/m") == "€ 1.500,- p/m")
        #expect(text("€\u{00A0}1.500,-\u{2009}P/M") == "€ 1.500,- p/m")
        #expect(text("＄５０") == "$50")
    }

    @Test func leavesOtherScriptsAlone() {
        #expect(text("한국어 日本語 עברית") == "한국어 日本語 עברית")
        #expect(text("😀🇳🇱") == "😀🇳🇱")
    }

    @Test func acceptsAnyCollectionOfBytes() {
        let bytes = Array("Dé\u{200B}MO".utf8)
        #expect(normaliser.normalise(bytes[...]).text == Array("demo".utf8))
        #expect(normaliser.normalise(AnyCollection(bytes)).text == Array("demo".utf8))
    }
}
