import Testing
@testable import Moderation

@Suite struct RuleAutomatonTests {
    /// Every (keyword, end) occurrence, naively.
    private func naive(_ keywords: [[UInt8]], _ text: [UInt8]) -> [[Int]] {
        var found: [[Int]] = []
        for end in 0...text.count {
            for (index, keyword) in keywords.enumerated() where keyword.count <= end {
                if Array(text[(end - keyword.count)..<end]) == keyword { found.append([index, end]) }
            }
        }
        return found.sorted { ($0[1], $0[0]) < ($1[1], $1[0]) }
    }

    @Test func agreesWithNaiveSearchOnRandomPhraseSets() throws {
        var random = RuleTesting.Random(state: 42)
        for round in 0..<300 {
            let alphabetSize = 2 + random.below(4)
            var keywords: [[UInt8]] = []
            var seen = Set<[UInt8]>()
            for _ in 0..<(1 + random.below(round % 3 == 0 ? 60 : 8)) {
                let keyword = (0..<(1 + random.below(6))).map { _ in UInt8(0x61 + random.below(alphabetSize)) }
                if seen.insert(keyword).inserted { keywords.append(keyword) }
            }
            let automaton = try #require(PhraseAutomaton(keywords: keywords))
            for _ in 0..<5 {
                let text = (0..<random.below(200)).map { _ in random.below(10) == 0 ? UInt8(0x20) : UInt8(0x61 + random.below(alphabetSize + 1)) }
                var found: [[Int]] = []
                text.withUnsafeBufferPointer { buffer in automaton.scan(buffer) { found.append([$0, $1]) } }
                #expect(found.sorted { ($0[1], $0[0]) < ($1[1], $1[0]) } == naive(keywords, text))
            }
        }
    }

    /// Eight lanes stepped in lock step over overlapping stretches of one
    /// text (and fewer lanes, padded) find exactly what a naive search finds.
    @Test func eightLanesAgreeWithNaiveSearch() throws {
        var random = RuleTesting.Random(state: 2024)
        for round in 0..<60 {
            let alphabetSize = 2 + random.below(5)
            var keywords: [[UInt8]] = []
            var seen = Set<[UInt8]>()
            for _ in 0..<(1 + random.below(round % 3 == 0 ? 200 : 12)) {
                let keyword = (0..<(1 + random.below(8))).map { _ in UInt8(0x61 + random.below(alphabetSize)) }
                if seen.insert(keyword).inserted { keywords.append(keyword) }
            }
            let automaton = try #require(PhraseAutomaton(keywords: keywords))
            for _ in 0..<4 {
                let text = (0..<random.below(300)).map { _ in random.below(10) == 0 ? UInt8(0x20) : UInt8(0x61 + random.below(alphabetSize + 1)) }
                let expected = Set(naive(keywords, text))
                let overlap = max(automaton.maximumKeywordLength - 1, 0)
                let parts = 1 + random.below(8)
                var laneFound = Set<[Int]>()
                text.withUnsafeBufferPointer { buffer in
                    let size = (buffer.count + parts - 1) / parts
                    let lanes = (0..<parts).map { part in
                        PhraseAutomaton.Lane(text: buffer, start: max(0, min(buffer.count, part * size) - overlap),
                                             end: min(buffer.count, (part + 1) * size))
                    }
                    automaton.scan(lanes) { _, keyword, end in laneFound.insert([keyword, end]) }
                }
                #expect(laneFound == expected)
            }
        }
    }

    @Test func phraseRulesAgreeWithNaiveBoundarySearch() throws {
        var random = RuleTesting.Random(state: 7)
        let words = ["de", "demo", "boek", "een", "offerte", "aan", "korting", "ab"]  // no one-letter words: the skeleton would join them
        for _ in 0..<100 {
            var phrases: [String] = []
            for _ in 0..<(1 + random.below(12)) {
                phrases.append((0..<(1 + random.below(3))).map { _ in words[random.below(words.count)] }.joined(separator: " "))
            }
            let lines = phrases.enumerated().map { "p\($0.offset) flag phrase \"\($0.element)\" -- r" }
            let engine = try RuleTesting.engine(lines.joined(separator: "\n"))
            for _ in 0..<10 {
                let text = (0..<random.below(12)).map { _ in words[random.below(words.count)] }.joined(separator: random.below(4) == 0 ? "," : " ")
                let expected = phrases.enumerated().filter { occursOnBoundaries(Array($0.element.utf8), in: Array(text.utf8)) }
                    .map { "p\($0.offset)" }.sorted()
                #expect(engine.check(text).ruleIDs == expected, "\(phrases) in \(text)")
            }
        }
    }

    @Test func denseTableStaysSmallWithEquivalenceClasses() throws {
        let keywords = (0..<1000).map { Array("phrase number \($0)".utf8) }
        let automaton = try #require(PhraseAutomaton(keywords: keywords))
        #expect(automaton.stateCount < 20_000)
    }
}

/// Whether `phrase` occurs in `text` with no word byte right before or after.
private func occursOnBoundaries(_ phrase: [UInt8], in text: [UInt8]) -> Bool {
    guard phrase.count <= text.count else { return false }
    for start in 0...(text.count - phrase.count) where Array(text[start..<(start + phrase.count)]) == phrase {
        let end = start + phrase.count
        let before = start == 0 || !RuleBytes.isWord(text[start - 1])
        let after = end == text.count || !RuleBytes.isWord(text[end])
        if before && after { return true }
    }
    return false
}

@Suite struct RuleLaneTests {
    /// Long texts are cut into lanes; no occurrence may be lost
    /// at a cut, in either view.
    @Test func lanesLoseNoOccurrence() throws {
        var random = RuleTesting.Random(state: 314)
        let words = ["de", "demo", "boek", "een", "offerte", "aan", "korting", "ab", "d3mo", "k0rting", "vraag"]
        for _ in 0..<30 {
            var phrases: [String] = []
            for _ in 0..<(1 + random.below(20)) {
                phrases.append((0..<(1 + random.below(3))).map { _ in words[random.below(8)] }.joined(separator: " "))
            }
            let lines = phrases.enumerated().map { "p\($0.offset) flag phrase \"\($0.element)\" -- r" }
            let engine = try RuleTesting.engine(lines.joined(separator: "\n"))
            let text = (0..<(200 + random.below(2000))).map { _ in words[random.below(words.count)] }.joined(separator: " ")
            let expected = expectedRules(phrases, text)
            #expect(engine.check(text).ruleIDs == expected)
        }
    }

    /// Short texts (up to a few hundred bytes) are cut into fewer, shorter
    /// lanes that overlap by a longest keyword, with short keywords and
    /// with long ones (which longer texts hand over instead): no occurrence
    /// may be lost at a cut, in either view. A longest keyword is placed at
    /// every word of texts of many lengths in turn, so some straddle a cut
    /// by any number of bytes; random texts and phrases besides.
    @Test func shortTextsLoseNoOccurrence() throws {
        for longest in ["offerte demo", "vraag een offerte aan voor korting", "boek een demo aan voor korting en offerte"] {
            let phrases = [longest, "d3mo korting", "een"]
            let lines = phrases.enumerated().map { "p\($0.offset) flag phrase \"\($0.element)\" -- r" }
            let engine = try RuleTesting.engine(lines.joined(separator: "\n"))
            for count in [4, 9, 17, 30, 45, 70, 110] {
                for place in 0..<count {
                    var words = Array(repeating: "ab", count: count)
                    words[place] = place % 3 == 0 ? String(longest.map { $0 == "o" ? "0" : $0 }) : longest
                    let text = words.joined(separator: " ")
                    #expect(engine.check(text).ruleIDs.contains("p0"), "\(text.utf8.count) bytes, at word \(place): \(longest)")
                    #expect(engine.check(text).ruleIDs == expectedRules(phrases, text), "\(text.utf8.count) bytes, at word \(place)")
                }
            }
        }
        var random = RuleTesting.Random(state: 4242)
        let words = ["de", "demo", "boek", "een", "offerte", "aan", "korting", "ab", "d3mo", "k0rting", "vraag"]
        for round in 0..<400 {
            var phrases: [String] = []
            for _ in 0..<(1 + random.below(6)) {
                let length = 1 + random.below(round % 2 == 0 ? 3 : 8)
                phrases.append((0..<length).map { _ in words[random.below(8)] }.joined(separator: " "))
            }
            let lines = phrases.enumerated().map { "p\($0.offset) flag phrase \"\($0.element)\" -- r" }
            let engine = try RuleTesting.engine(lines.joined(separator: "\n"))
            let text = (0..<random.below(90)).map { _ in words[random.below(words.count)] }.joined(separator: " ")
            #expect(engine.check(text).ruleIDs == expectedRules(phrases, text), "\(text.utf8.count) bytes: \(phrases)")
        }
    }

    /// The ids (`p` and the index) of `phrases` that occur in `text`, by a
    /// naive search in each view.
    private func expectedRules(_ phrases: [String], _ text: String) -> [String] {
        let normalised = RuleStandIn.normalise(Array(text.utf8))
        return phrases.enumerated().filter {
            occurs(Array($0.element.utf8), in: normalised.text) || occurs(RuleStandIn.normalise(Array($0.element.utf8)).skeleton, in: normalised.skeleton)
        }.map { "p\($0.offset)" }.sorted()
    }

    /// Lanes hand over to the next until its state is the true one. In a
    /// text that repeats the start of a long keyword, the true state stays
    /// deep past every cut (the hand-over runs for several of its steps):
    /// each occurrence across a cut, in the text and (with leetspeak, where
    /// the skeleton scan jumps with rows recorded near the cuts) in the
    /// skeleton, must still be found, and none reported that is not there.
    @Test func handOversFollowDeepStatesAcrossCuts() throws {
        var random = RuleTesting.Random(state: 2718)
        let long = Array(repeating: "ab", count: 20).joined(separator: " ")
        let phrases = [long + " cd", long + " ef", "ab ab cd", "b ab ef", "ef ab"]
        let lines = phrases.enumerated().map { "p\($0.offset) flag phrase \"\($0.element)\" -- r" }
        let engine = try RuleTesting.engine(lines.joined(separator: "\n"))
        // One occurrence (of p0 in the text, or of p1 only in the skeleton:
        // "3f" reads "ef"), at every place in turn: some straddle a cut.
        for (count, end) in [(420, Array(stride(from: 21, to: 420, by: 2))), (1900, Array(stride(from: 21, to: 1900, by: 29)))] {
            for word in end {
                var words = Array(repeating: "ab", count: count)
                words[word] = word % 2 == 1 ? "cd" : "3f"
                if random.below(3) == 0 { words[random.below(20)] = "ef" }
                let text = words.joined(separator: " ")
                let expected = expectedRules(phrases, text)
                #expect(engine.check(text).ruleIDs == expected, "\(count) words, \(words[word]) at \(word)")
            }
        }
    }

    /// Thousands of phrases (a large table, states numbered breadth first):
    /// the engine must still agree with a naive boundary search in both views.
    @Test func largePhraseSetsAgreeWithNaiveSearch() throws {
        var random = RuleTesting.Random(state: 99)
        let words = ["de", "demo", "boek", "een", "offerte", "aan", "korting", "ab", "vraag", "over", "phishing", "bij",
                     "onze", "leverancier", "heeft", "iemand", "ervaring", "met", "mfa", "het", "is", "dat", "van",
                     "in", "op", "voor", "niet", "zijn", "gratis", "actie", "nu", "klik", "hier", "winst", "bitcoin"]
        var phrases: [String] = []
        var seen = Set<String>()
        while phrases.count < 3000 {
            let phrase = (0..<(2 + random.below(3))).map { _ in words[random.below(words.count)] }.joined(separator: " ")
            if seen.insert(phrase).inserted { phrases.append(phrase) }
        }
        let lines = phrases.enumerated().map { "p\($0.offset) flag phrase \"\($0.element)\" -- r" }
        let engine = try RuleTesting.engine(lines.joined(separator: "\n"))
        #expect(engine.automatonStates > 20_000)
        let spelled = ["d3mo", "k0rting", "gr4tis", "4ctie", "b1tcoin", "w1nst"]
        for _ in 0..<8 {
            let text = (0..<(50 + random.below(600))).map { _ in
                random.below(8) == 0 ? spelled[random.below(spelled.count)] : words[random.below(words.count)]
            }.joined(separator: random.below(5) == 0 ? ", " : " ")
            let expected = expectedRules(phrases, text)
            #expect(engine.check(text).ruleIDs == expected)
        }
    }

    private func occurs(_ phrase: [UInt8], in text: [UInt8]) -> Bool {
        guard phrase.count <= text.count else { return false }
        for start in 0...(text.count - phrase.count) where Array(text[start..<(start + phrase.count)]) == phrase {
            let end = start + phrase.count
            if (start == 0 || !RuleBytes.isWord(text[start - 1])) && (end == text.count || !RuleBytes.isWord(text[end])) { return true }
        }
        return false
    }
}
