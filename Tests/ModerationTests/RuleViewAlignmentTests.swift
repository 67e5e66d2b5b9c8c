import Testing
@testable import Moderation

/// The phrase scan reads the skeleton only where it differs from the text
/// (`ViewAlignment`, `PhraseAutomaton.scan(_:skipping:rows:_:)`). Whatever
/// the two views are, the verdict must be the one of a naive search of both.
@Suite struct RuleViewAlignmentTests {
    static let words = ["de", "demo", "boek", "een", "offerte", "aan", "korting", "ab", "vraag", "over", "gratis",
                        "a", "b", "x", "phishing", "bij", "onze", "leverancier", "heeft", "is", "dat", "van", "in"]

    /// A rule set of `count` phrase and word rules from `words`, some spelled with leetspeak.
    private func rules(_ random: inout RuleTesting.Random, count: Int) -> [(id: String, phrase: String, word: Bool)] {
        var result: [(String, String, Bool)] = []
        var seen = Set<String>()
        while result.count < count {
            let word = random.below(5) == 0
            var phrase = (0..<(word ? 1 : 1 + random.below(4))).map { _ in Self.words[random.below(Self.words.count)] }
                .joined(separator: " ")
            if random.below(4) == 0 { phrase = phrase.replacingOccurrences("o", "0").replacingOccurrences("e", "3") }
            if seen.insert(phrase).inserted { result.append(("r\(result.count)", phrase, word)) }
        }
        return result
    }

    /// The ids a naive search finds: a rule's normalised text in the text
    /// view, or (phrases) its normalised skeleton in the skeleton view, on
    /// word boundaries.
    private func naive(_ rules: [(id: String, phrase: String, word: Bool)], _ normaliser: TextNormaliser,
                       text: [UInt8], skeleton: [UInt8]) -> [String] {
        rules.filter { rule in
            let pattern = normaliser.normalise(Array(rule.phrase.utf8))
            if Self.occurs(Self.trimmed(pattern.text), in: text) { return true }
            let skeletonPattern = Self.trimmed(pattern.skeleton)
            return !rule.word && !skeletonPattern.isEmpty && Self.occurs(skeletonPattern, in: skeleton)
        }.map(\.id).sorted()
    }

    /// The engine's verdict on `text` and the naive search's on its views.
    private func verdicts(_ engine: RuleEngine, _ rules: [(id: String, phrase: String, word: Bool)],
                          _ normaliser: TextNormaliser, text: String) -> (engine: [String], naive: [String]) {
        let normalised = normaliser.normalise(Array(text.utf8))
        return (engine.evaluate(Array(text.utf8)).ruleIDs,
                naive(rules, normaliser, text: normalised.text, skeleton: normalised.skeleton))
    }

    private func engine(_ rules: [(id: String, phrase: String, word: Bool)], _ normaliser: TextNormaliser) throws -> RuleEngine {
        let lines = rules.map { "\($0.id) flag \($0.word ? "word" : "phrase") \"\($0.phrase)\" -- r" }
        return try RuleEngine(try RuleSet.parse(RuleTesting.file(lines.joined(separator: "\n")), file: "t.rules"),
                              normaliser: normaliser)
    }

    /// `count` words, about one in `oneIn` obfuscated: leetspeak, spaced
    /// or dotted letters, a number, capitals with a comma, or brackets.
    private func obfuscatedText(_ random: inout RuleTesting.Random, words count: Int, oneIn: Int,
                                separator: String = " ") -> String {
        (0..<count).map { _ in
            let word = Self.words[random.below(Self.words.count)]
            guard random.below(oneIn) == 0 else { return word }
            switch random.below(6) {
            case 0: return word.replacingOccurrences("o", "0").replacingOccurrences("a", "4").replacingOccurrences("e", "3")
            case 1: return word.map(String.init).joined(separator: " ")
            case 2: return word.map(String.init).joined(separator: ".")
            case 3: return "\(random.below(3000))"
            case 4: return word.uppercased() + ","
            default: return "(" + word + ")!"
            }
        }.joined(separator: separator)
    }

    /// `count` words as they are, single spaces between them.
    private func plainText(_ random: inout RuleTesting.Random, words count: Int) -> [UInt8] {
        Array((0..<count).map { _ in Self.words[random.below(Self.words.count)] }.joined(separator: " ").utf8)
    }

    /// Texts of words with leetspeak, spaced and dotted letters, through the
    /// real normaliser: verdicts equal the naive search of both views.
    @Test func agreesWithNaiveSearchOnNormalisedTexts() throws {
        var random = RuleTesting.Random(state: 0xA11C)
        let normaliser = TextNormaliser()
        for round in 0..<40 {
            let rules = rules(&random, count: 1 + random.below(round % 4 == 0 ? 400 : 15))
            let engine = try engine(rules, normaliser)
            for _ in 0..<6 {
                let separator = random.below(3) == 0 ? "  " : " "
                let text = obfuscatedText(&random, words: random.below(300), oneIn: 2, separator: separator)
                let verdicts = verdicts(engine, rules, normaliser, text: text)
                #expect(verdicts.engine == verdicts.naive, "\(text)")
            }
        }
    }

    /// A table larger than the L2 cache is stepped eight lanes at once,
    /// a small one six: both agree with the naive search.
    @Test func largeAndSmallAutomataAgreeWithNaiveSearch() throws {
        var random = RuleTesting.Random(state: 0x1A7E)
        let normaliser = TextNormaliser()
        for count in [2_500, 40] {
            let rules = rules(&random, count: count)
            let engine = try engine(rules, normaliser)
            #expect(engine.phraseLanes == (count > 100 ? 8 : 6))
            for _ in 0..<4 {
                let text = obfuscatedText(&random, words: 100 + random.below(300), oneIn: 3)
                let verdicts = verdicts(engine, rules, normaliser, text: text)
                #expect(verdicts.engine == verdicts.naive, "\(text)")
            }
        }
    }

    /// Views of the same length (the skeleton only replaces bytes, as
    /// leetspeak does): aligned position by position, eight bytes at a time;
    /// replacements anywhere, spaces and separators included, next to each
    /// other, at the ends, in every one of eight bytes.
    @Test func agreesWithNaiveSearchOnViewsOfTheSameLength() throws {
        var random = RuleTesting.Random(state: 0x5A3E)
        let normaliser = TextNormaliser()
        for round in 0..<60 {
            let rules = rules(&random, count: 1 + random.below(round % 3 == 0 ? 300 : 12))
            let engine = try engine(rules, normaliser)
            for _ in 0..<8 {
                let text = plainText(&random, words: random.below(300))
                let rate = 1 + random.below(12)
                let skeleton = text.map { byte -> UInt8 in
                    guard random.below(rate * 4) == 0 else { return byte }
                    return Array("aeo .-3 x".utf8)[random.below(9)]
                }
                let expected = naive(rules, normaliser, text: text, skeleton: skeleton)
                #expect(engine.evaluate(normalised: NormalisedInput(text: text, skeleton: skeleton)).ruleIDs == expected,
                        "\(String(decoding: text, as: UTF8.self)) / \(String(decoding: skeleton, as: UTF8.self))")
            }
        }
    }

    /// Long texts with many edits: the alignment's lists outgrow their
    /// stack room (`ScratchBuffer`), and the lanes find their first stretches
    /// by binary search (`countBelow`) over many of them.
    @Test func agreesWithNaiveSearchOnLongTextsWithManyEdits() throws {
        var random = RuleTesting.Random(state: 0x10A6)
        let normaliser = TextNormaliser()
        for round in 0..<6 {
            let rules = rules(&random, count: 1 + random.below(round % 2 == 0 ? 300 : 12))
            let engine = try engine(rules, normaliser)
            let text = obfuscatedText(&random, words: 2000 + random.below(2000), oneIn: 2)
            let normalised = normaliser.normalise(Array(text.utf8))
            let (stretches, checkpoints) = normalised.text.withUnsafeBufferPointer { text in
                normalised.skeleton.withUnsafeBufferPointer {
                    ViewAlignment.with(text: text, skeleton: $0, checkpointStretch: PhraseIndex.checkpointStretch) {
                        ($0.stretches.count, $0.checkpoints.count)
                    }
                }
            }
            #expect(stretches > 8 * 32 && checkpoints > 64, "the test no longer reaches the long-text paths")
            let verdicts = verdicts(engine, rules, normaliser, text: text)
            #expect(verdicts.engine == verdicts.naive)
        }
    }

    /// Any pair of views (the skeleton a random edit of the text: bytes
    /// replaced, removed or inserted, or something else entirely): the
    /// engine assumes nothing about how they relate.
    @Test func agreesWithNaiveSearchOnArbitraryViewPairs() throws {
        var random = RuleTesting.Random(state: 0xB0B)
        let normaliser = TextNormaliser()
        for round in 0..<60 {
            let rules = rules(&random, count: 1 + random.below(round % 3 == 0 ? 300 : 12))
            let engine = try engine(rules, normaliser)
            for _ in 0..<8 {
                let text = plainText(&random, words: random.below(400))
                var skeleton: [UInt8] = []
                let edits = random.below(4)
                for byte in text {
                    switch edits == 0 ? 99 : random.below(40 / edits) {
                    case 0: skeleton.append(UInt8(0x61 + random.below(26)))  // replaced
                    case 1: break  // removed
                    case 2: skeleton.append(0x20); skeleton.append(byte)  // inserted
                    case 3: skeleton.append(UInt8(ascii: "e"))
                    default: skeleton.append(byte)
                    }
                }
                if random.below(10) == 0 { skeleton = Array(skeleton.reversed()) }
                if random.below(10) == 0 { skeleton += Array(" demo boek".utf8) }
                if random.below(10) == 0 { skeleton = Array("korting ".utf8) + skeleton }
                let expected = naive(rules, normaliser, text: text, skeleton: skeleton)
                #expect(engine.evaluate(normalised: NormalisedInput(text: text, skeleton: skeleton)).ruleIDs == expected,
                        "\(String(decoding: text, as: UTF8.self)) / \(String(decoding: skeleton, as: UTF8.self))")
            }
        }
    }

    /// The real skeleton aligns with its text in long stretches: only the
    /// bytes around its edits differ (what keeps the skeleton scan short).
    @Test func realSkeletonAlignsAroundItsEdits() {
        let normaliser = TextNormaliser()
        let normalised = normaliser.normalise(Array("Gr4t1s D 3 M O voor b.o.e.k en 1234 euro, nu!".utf8))
        let (equal, textEndDiffers) = normalised.text.withUnsafeBufferPointer { text in
            normalised.skeleton.withUnsafeBufferPointer {
                ViewAlignment.with(text: text, skeleton: $0) { ($0.stretches.map(\.count).reduce(0, +), $0.textEndDiffers) }
            }
        }
        let changed = normalised.text.count - equal
        // g r 4→a t 1→i s, "d 3 m o" (3 spaces and the 3), "b.o.e.k" (3 dots); 1234 is a number.
        #expect(changed == 2 + 4 + 3)
        #expect(!textEndDiffers)
    }

    static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        var slice = bytes[...]
        while slice.first.map(RuleBytes.isSpace) == true { slice = slice.dropFirst() }
        while slice.last.map(RuleBytes.isSpace) == true { slice = slice.dropLast() }
        return Array(slice)
    }

    static func occurs(_ phrase: [UInt8], in text: [UInt8]) -> Bool {
        guard !phrase.isEmpty, phrase.count <= text.count else { return false }
        for start in 0...(text.count - phrase.count) where Array(text[start..<(start + phrase.count)]) == phrase {
            let end = start + phrase.count
            let before = !RuleBytes.isWord(phrase[0]) || start == 0 || !RuleBytes.isWord(text[start - 1])
            let after = !RuleBytes.isWord(phrase[phrase.count - 1]) || end == text.count || !RuleBytes.isWord(text[end])
            if before && after { return true }
        }
        return false
    }
}

private extension String {
    func replacingOccurrences(_ target: Character, _ replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}

/// Long lists of lane checkpoints and stretches are searched by
/// `countBelow`, a binary search.
@Suite struct CountBelowTests {
    @Test func countsTheKeysBelowTheLimitInEverySortedList() {
        for count in 0...70 {
            // Ascending, each key twice, with gaps.
            let sorted = (0..<count).map { $0 / 2 * 3 }
            for limit in -2...(count * 2 + 1) {
                let expected = sorted.filter { $0 < limit }.count
                #expect(countBelow(count, limit) { sorted[$0] } == expected, "count \(count), limit \(limit)")
            }
        }
    }

    @Test func keysFarApartStillCompare() {
        let sorted = [-(1 << 40), -1, 0, 1 << 40]
        for (limit, expected) in [(-(1 << 41), 0), (-(1 << 40), 0), (-5, 1), (0, 2), (1, 3), (1 << 40, 3), (1 << 41, 4)] {
            #expect(countBelow(sorted.count, limit) { sorted[$0] } == expected, "limit \(limit)")
        }
    }
}

/// A verdict reads the matched rules through `MatchedRules`' summary bits.
@Suite struct MatchedRulesTests {
    @Test func listsEveryMatchedRuleOnceInOrder() {
        var random = RuleTesting.Random(state: 0x3A7C)
        for ruleCount in [1, 63, 64, 65, 4095, 4096, 4097, 10_000, 16_384, 16_385, 70_000] {
            // The rules marked in the call before: its bits are still in the
            // (reused) stack memory, and must read as not set.
            var before: [Int] = []
            for round in 0..<20 {
                // Every other round a call with many marks, to dirty many words.
                let markCount = round % 2 == 0 ? Int(random.next() % 40) : 300
                let marks = (0..<markCount).map { _ in Int(random.next() % UInt64(ruleCount)) }
                let (count, listed, allSet, staleSet) = MatchedRules.with(ruleCount: ruleCount) { matched -> (Int, [Int], Bool, [Int]) in
                    for mark in marks { matched.set(mark) }
                    var listed: [Int] = []
                    matched.forEach { listed.append($0) }
                    let stale = before.filter { !marks.contains($0) && matched.isSet($0) }
                    return (matched.count, listed, marks.allSatisfy { matched.isSet($0) }, stale)
                }
                let expected = Array(Set(marks)).sorted()
                #expect(listed == expected, "\(ruleCount) rules")
                #expect(count == expected.count)
                #expect(allSet)
                #expect(staleSet.isEmpty, "\(ruleCount) rules: set from the call before \(staleSet)")
                before = marks
            }
        }
    }
}
