/// A normalised post or rule text: the two views moderation rules match against.
///
/// - `text`: valid UTF-8; every invalid sequence became U+FFFD; case folded
///   (NFKC_CF, which also removes default-ignorables such as U+200B and U+00AD);
///   diacritics stripped (canonical decomposition, gc=Mn removed); other
///   controls removed; confusables mapped to the Latin letters they look like;
///   every run of white space (Unicode White_Space) one ASCII space, none at
///   the start or the end. Digits and symbols stay: price rules match here.
/// - `skeleton`: `text` with leetspeak undone and spaced-out letters joined,
///   for phrase and word rules (see `TextNormaliser`).
public struct NormalisedText: Sendable, Equatable {
    /// The normalised text, UTF-8.
    public let text: [UInt8]
    /// The skeleton of `text`, UTF-8, never longer than `text`.
    public let skeleton: [UInt8]

    public init(text: [UInt8], skeleton: [UInt8]) {
        self.text = text
        self.skeleton = skeleton
    }
}

/// The text normalisation of moderation rules (PROTOCOL.md §7), defined
/// entirely by data the policy names: the Unicode version of the generated
/// tables (`unicodeVersion`) and a confusables file (Policies/confusables.txt).
/// Linear in the input, a fast path for ASCII, standard library only.
///
///     let normalised = TextNormaliser().normalise(Array("Gr4t1s D 3 M O!".utf8))
///     // text: "gr4t1s d 3 m o!"   skeleton: "gratis demo!"
///
/// **Text**, code point by code point (Ops/gen-unicode-tables builds the table):
/// White_Space → space; other controls (gc=Cc) removed; a code point listed
/// in the confusables maps to its target as written (so Greek Η → h, η → n);
/// any other is mapped by NFKC_CF, fully canonically decomposed (Hangul
/// syllables stay composed), its non-spacing marks (gc=Mn) removed, and each
/// resulting code point listed in the confusables replaced by its target.
/// Then white space runs collapse to one space and the ends are trimmed.
/// Nothing is composed afterwards, so the result does not depend on context,
/// and `normalise(normalise(x).text).text == normalise(x).text` always.
///
/// **Skeleton**, byte by byte from `text` (ASCII only; other bytes are copied):
/// 1. leetspeak: `0`→o, `1`→i, `3`→e, `4`→a, `5`→s, `7`→t, `8`→b, `@`→a,
///    `$`→s (2, 6 and 9 stay), except in a *number*: a word with two ASCII
///    digits or more and no ASCII letter stays as it is (`2024`, `(2024)`,
///    `€1.500,-`, `0900-8844`, `$99`; `d3mo` is `demo`, `k0rting` is
///    `korting`). After this, a *letter* is an ASCII `a`–`z`; a *separator*
///    is one of `. - _ * | /` (and the space between words).
/// 2. a word (between spaces) whose core (the word without other ASCII
///    punctuation around it) alternates single letters and single separators,
///    starting and ending with a letter, with at least 3 letters, loses those
///    separators: `b.o.e.k` → `boek`, `d-e-m-o` → `demo`, `e.g.` stays.
/// 3. a run of consecutive one-character words, each a letter or a separator,
///    starting with a letter and with at least 3 letters, is written without
///    its spaces: `d e m o` → `demo`, `w w w . s h o p` → `www.shop`,
///    `w w w .` → `www.`. Other ASCII punctuation around the character does not
///    count (`(d e m o)!` → `(demo)!`). Words of two or more characters are
///    never joined: `ik ben` stays; neither are runs of two letters: `a b`.
public struct TextNormaliser: Sendable {
    /// The Unicode version the built-in tables were generated from.
    public static let unicodeVersion: String = UnicodeTables.version

    let tables: NormalisationTables

    /// The built-in tables with the shipped Policies/confusables.txt.
    public init() {
        tables = NormalisationTables.builtIn
    }

    /// The built-in tables with the confusables file `confusables` instead.
    /// - Throws: `ConfusablesError` naming the first bad line and why.
    public init(confusables: String) throws(ConfusablesError) {
        tables = try NormalisationTables(confusables: Confusables(parsing: confusables))
    }

    /// Normalises any bytes (invalid UTF-8 included) into both views.
    public func normalise(_ utf8: some Collection<UInt8>) -> NormalisedText {
        let text = utf8.withContiguousStorageIfAvailable { normaliseText($0) }
            ?? Array(utf8).withUnsafeBufferPointer { normaliseText($0) }
        return NormalisedText(text: text, skeleton: Self.skeleton(of: text))
    }
}

extension TextNormaliser {
    /// Both views of `input`, as `normalise` makes them, in the thread's
    /// scratch block (`ThreadScratch`) instead of two arrays: `body` gets
    /// the text and the skeleton, valid during the call only. For the rule
    /// engine, which needs them only that long (no allocation a call).
    @inline(__always)
    func withViews<R>(_ input: UnsafeBufferPointer<UInt8>,
                      _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> R) -> R {
        // The text is written here while it fits (ASCII never grows), the
        // skeleton (never longer than the text) after it, each with room
        // for the skeleton writer's padding after it.
        let padding = Self.skeletonPadding
        let capacity = input.count + input.count / 8 + 16 + padding
        // The skeleton half a page off the text (mod 4 KiB): its stores then
        // never look to the processor like the text's next loads (4K aliasing).
        let skeletonStart = (capacity + 4095) & ~4095 + 2048
        return ThreadScratch.with(bytes: skeletonStart + capacity) { scratch in
            var output = ByteWriter(borrowing: scratch.baseAddress!, capacity: capacity)
            normaliseText(input, into: &output)
            return output.withContents { text in
                if text.count <= capacity {
                    let padded = text.count + padding <= capacity
                    if padded {
                        UnsafeMutableBufferPointer(rebasing: scratch[text.count..<(text.count + padding)]).initialize(repeating: 0x20)
                    }
                    let room = UnsafeMutableBufferPointer(rebasing: scratch[skeletonStart..<(skeletonStart + text.count)])
                    let written = Self.skeleton(text, into: room, padded: padded)
                    // The same bytes: the text itself (one comparison less for the caller).
                    return body(text, written.same ? text : UnsafeBufferPointer(rebasing: room[..<written.count]))
                }
                let skeleton = [UInt8](unsafeUninitializedCapacity: text.count) { room, written in
                    written = Self.skeleton(text, into: room).count
                }
                return skeleton.withUnsafeBufferPointer { body(text, $0) }
            }
        }
    }
}
