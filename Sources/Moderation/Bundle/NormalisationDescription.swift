/// The normalisation a bundle names, apart from its confusables table: what
/// `TextNormaliser` does, written out so that an independent client can
/// implement it (Policies/moderation/README.md, "Bundle"). A bundle whose
/// description differs is refused: the algorithm is code, so changing it is a
/// new description here, and clients that do not know it refuse instead of
/// deciding differently.
enum NormalisationDescription {
    /// The skeleton's leetspeak map (TextNormaliser+Skeleton).
    static let leet: [String: String] = ["0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s"]

    /// The members of `normalisation` other than `confusables`.
    static let members: [String: BundleJSON] = [
        "text": .array([
            "decode UTF-8; each invalid sequence becomes U+FFFD",
            "per code point: White_Space becomes U+0020",
            "per code point: other gc=Cc is removed",
            "per code point: a code point listed in confusables becomes its target as written",
            "per code point: any other becomes NFKC_Casefold of it (so Default_Ignorable_Code_Point, e.g. U+200B and U+00AD, is removed), fully canonically decomposed (Hangul syllables stay composed), without gc=Mn, and each resulting code point listed in confusables replaced by its target",
            "runs of U+0020 become one; none at the start or the end",
            "nothing is recomposed",
        ].map(BundleJSON.string)),
        "skeleton": .object([
            "leet": .object(leet.mapValues(BundleJSON.string)),
            "separators": .string(".-_*|/"),
            "steps": .array([
                "from the text view, byte by byte: ASCII bytes in leet become their letter, except in a number (a word with two ASCII digits or more and no ASCII letter), which is copied; other bytes are copied; a letter is then a-z",
                "a word (between spaces) whose core (without other ASCII punctuation around it) alternates single letters and single separators, starts and ends with a letter and has at least 3 letters loses those separators",
                "a run of consecutive one-character words, each a letter or a separator (other ASCII punctuation around it not counted), starting with a letter and with at least 3 letters, is written without its spaces",
            ].map(BundleJSON.string)),
        ]),
        "word_bytes": .string("ASCII 0-9 A-Z a-z _; every other byte separates words"),
    ]
}
