/// Evaluates texts against a `RuleSet` (PROTOCOL.md §7).
///
/// Built once per rule set: all `phrase` and `word` patterns (normalised
/// with the injected normaliser) go into one Aho–Corasick automaton that
/// runs over the text view, and over the skeleton view only where that
/// differs from the text (`PhraseIndex.scan`); `domain` patterns into a
/// second automaton over the text with obfuscated dots undone; `price`
/// rules share one linear scan; each `regex` rule runs its Pike VM over
/// the text. Every matcher is linear in the text, so
/// `ContentKind.maximumBytes` bounds the cost.
///
///     let engine = try RuleEngine(rules, normalise: normaliser.normalise)
///     switch engine.evaluate(Array(post.utf8)).action { … }
public struct RuleEngine: Sendable {
    /// Everything compiled, behind one reference: an engine is copied into
    /// closures and calls, and one retain is cheaper than one per matcher.
    private let compiled: Compiled

    /// The rules, sorted by id (a matched rule's index is its place here).
    public var rules: [Rule] { compiled.rules }

    /// Compiles `ruleSet` with `normalise` (also applied to phrase and word
    /// patterns). Throws, naming the rule's `file:line`, for a pattern that
    /// normalises to nothing, a word pattern that normalises to several
    /// words, or phrase patterns too many to fit the automaton's limit.
    public init(_ ruleSet: RuleSet, normalise: @escaping Normalise) throws(RuleFileError) {
        compiled = try Compiled(ruleSet, normalise: normalise, textNormaliser: nil)
    }

    /// The same with `textNormaliser`, whose `ruleInput` is `normalise`:
    /// texts are then normalised into one scratch buffer
    /// (`TextNormaliser.withViews`), the same views without arrays.
    init(_ ruleSet: RuleSet, normalise: @escaping Normalise, textNormaliser: TextNormaliser) throws(RuleFileError) {
        compiled = try Compiled(ruleSet, normalise: normalise, textNormaliser: textNormaliser)
    }

    /// States of the phrase automaton (0 without phrase or word rules), for
    /// benchmarks and capacity planning.
    public var automatonStates: Int { compiled.phrases?.stateCount ?? 0 }

    /// Lanes the phrase scan steps at once (0 without phrase or word rules).
    var phraseLanes: Int { compiled.phrases?.laneCount ?? 0 }

    /// Normalises `utf8` and evaluates it. Any bytes are accepted (invalid
    /// UTF-8 is the normaliser's to handle); cost is linear in the size.
    public func evaluate(_ utf8: some Collection<UInt8>) -> Verdict {
        if let verdict = utf8.withContiguousStorageIfAvailable({ compiled.evaluate(bytes: $0) }) { return verdict }
        return Array(utf8).withUnsafeBufferPointer { compiled.evaluate(bytes: $0) }
    }

    /// Normalises `utf8` and evaluates it (the same, without a copy).
    public func evaluate(_ utf8: [UInt8]) -> Verdict {
        utf8.withUnsafeBufferPointer { compiled.evaluate(bytes: $0) }
    }

    /// Like `evaluate(_:)`, refusing a text larger than `kind` allows.
    public func evaluate(_ utf8: some Collection<UInt8>, as kind: ContentKind) throws(ContentTooLarge) -> Verdict {
        let count = utf8.count
        if count > kind.maximumBytes { throw ContentTooLarge(kind: kind, bytes: count) }
        return evaluate(utf8)
    }

    /// Evaluates a text that is already normalised (with the same normaliser).
    public func evaluate(normalised input: NormalisedInput) -> Verdict {
        compiled.evaluate(normalised: input)
    }

    /// Whether `a` and `b` hold the same bytes (sixteen at a time).
    static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        if a.baseAddress == b.baseAddress { return true }
        var i = 0
        while a.count - i >= 16 {
            let x = UnsafeRawPointer(a.baseAddress! + i).loadUnaligned(as: SIMD16<UInt8>.self)
            let y = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: SIMD16<UInt8>.self)
            let differ = unsafeBitCast(x ^ y, to: SIMD2<UInt64>.self)
            if differ[0] | differ[1] != 0 { return false }
            i += 16
        }
        while i < a.count {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }
}

extension RuleEngine {
    /// A compiled rule set.
    final class Compiled: Sendable {
        let rules: [Rule]
        /// Each rule's entry in a verdict, made once.
        let matches: [Verdict.Match]
        let normalise: Normalise
        let phrases: PhraseIndex?
        let domains: DomainIndex?
        let prices: [(rule: Int, forms: PriceScanner.Forms)]
        let regexes: [(rule: Int, program: RegexProgram)]
        /// Which regexes may match a view, from their required literals.
        let regexFilter: RegexPrefilter
        /// The normaliser behind `normalise` when it is a `TextNormaliser`'s.
        let textNormaliser: TextNormaliser?

        init(_ ruleSet: RuleSet, normalise: @escaping Normalise, textNormaliser: TextNormaliser?) throws(RuleFileError) {
            let rules = ruleSet.rules.sorted { $0.id < $1.id }
            // A RuleSet refuses a second rule with an id (parse, combining); a verdict lists each once.
            precondition(zip(rules, rules.dropFirst()).allSatisfy { $0.id < $1.id }, "rule ids are unique")
            var problems: [RuleFileError.Problem] = []
            var phraseBuilder = PhraseIndex.Builder()
            var domainBuilder = DomainIndex.Builder()
            var prices: [(rule: Int, forms: PriceScanner.Forms)] = []
            var regexes: [(rule: Int, program: RegexProgram)] = []
            for (index, rule) in rules.enumerated() {
                func problem(_ message: String) {
                    problems.append(.init(file: rule.location.file, line: rule.location.line, message: message))
                }
                let pattern = Array(rule.pattern.utf8)
                switch rule.matcher {
                case .phrase, .word:
                    let normalised = normalise(pattern)
                    let text = Self.trimmingSpaces(normalised.text)
                    let skeleton = Self.trimmingSpaces(normalised.skeleton)
                    if text.isEmpty {
                        problem("the pattern normalises to nothing")
                    } else if rule.matcher == .word && text.contains(0x20) {
                        problem("the word pattern normalises to several words; use phrase")
                    } else if rule.matcher == .word {
                        phraseBuilder.add(text, rule: index, views: PhraseIndex.textView)
                    } else {
                        phraseBuilder.add(text, rule: index, views: PhraseIndex.textView)
                        if !skeleton.isEmpty { phraseBuilder.add(skeleton, rule: index, views: PhraseIndex.skeletonView) }
                    }
                case .domain:
                    domainBuilder.add(pattern, rule: index)
                case .price:
                    prices.append((index, PriceScanner.Forms(rule.priceForm ?? .any)))
                case .regex:
                    // Branch by branch: a rule of many formulas runs only those whose literals occur.
                    if let program = rule.regex { regexes += program.branches.map { (index, $0) } }
                }
            }
            if !problems.isEmpty { throw RuleFileError(problems: problems) }
            let phrases = phraseBuilder.build()
            if phrases == nil && !phraseBuilder.isEmpty {
                let first = rules.first { $0.matcher == .phrase || $0.matcher == .word }!
                throw RuleFileError(problems: [.init(file: first.location.file, line: first.location.line,
                    message: "the phrase and word patterns together exceed the automaton's \(PhraseAutomaton.maximumEntries) table entries")])
            }
            let domains = domainBuilder.build()
            if domains == nil && !domainBuilder.isEmpty {
                let first = rules.first { $0.matcher == .domain }!
                throw RuleFileError(problems: [.init(file: first.location.file, line: first.location.line,
                    message: "the domain patterns together exceed the automaton's \(PhraseAutomaton.maximumEntries) table entries")])
            }
            self.rules = rules
            self.matches = rules.map { Verdict.Match(id: $0.id, action: $0.action, reason: $0.reason) }
            self.normalise = normalise
            self.phrases = phrases
            self.domains = domains
            self.prices = prices
            self.regexes = regexes
            self.regexFilter = RegexPrefilter(regexes.map(\.program))
            self.textNormaliser = textNormaliser
        }

        func evaluate(bytes: UnsafeBufferPointer<UInt8>) -> Verdict {
            if rules.isEmpty { return .allow }
            // Through `?.`: `if let` copies the normaliser (a retain and a release a call).
            if let verdict = textNormaliser?.withViews(bytes, { evaluate(text: $0, skeleton: $1) }) { return verdict }
            return evaluate(normalised: normalise(Array(bytes)))
        }

        func evaluate(normalised input: NormalisedInput) -> Verdict {
            if rules.isEmpty { return .allow }
            return input.text.withUnsafeBufferPointer { text in
                input.skeleton.withUnsafeBufferPointer { evaluate(text: text, skeleton: $0) }
            }
        }

        /// Evaluates the two views of a normalised text.
        @inline(__always)
        private func evaluate(text: UnsafeBufferPointer<UInt8>, skeleton: UnsafeBufferPointer<UInt8>) -> Verdict {
            // Captured unmanaged: a closure that captures `self` retains it.
            let unmanaged = Unmanaged.passUnretained(self)
            return MatchedRules.with(ruleCount: rules.count) { matched in
                unmanaged._withUnsafeGuaranteedRef { $0.evaluate(text: text, skeleton: skeleton, matched: matched) }
            }
        }

        private func evaluate(text: UnsafeBufferPointer<UInt8>, skeleton: UnsafeBufferPointer<UInt8>,
                              matched: MatchedRules) -> Verdict {
            let identical = RuleEngine.same(text, skeleton)
            phrases?.scan(text: text, skeleton: identical ? nil : skeleton, into: matched)
            if domains != nil || !prices.isEmpty || !regexes.isEmpty {
                evaluateOthers(text: text, skeleton: skeleton, identical: identical, matched: matched)
            }
            return verdict(matched)
        }

        /// The domain, price and regex rules.
        private func evaluateOthers(text: UnsafeBufferPointer<UInt8>, skeleton: UnsafeBufferPointer<UInt8>,
                                    identical: Bool, matched: MatchedRules) {
            // The host view (obfuscated dots read as dots), made once when a domain or regex rule needs it.
            var host: [UInt8]? = nil
            if let domains {
                let view = DomainPattern.hostView(text)
                view.withUnsafeBufferPointer { domains.scan($0, into: matched) }
                host = view
                // A host name spelled out letter by letter ("w w w . s h o p . n l") is whole in the skeleton.
                if !identical {
                    DomainPattern.hostView(skeleton).withUnsafeBufferPointer { domains.scan($0, into: matched) }
                }
            }
            let pendingPrices = prices.filter { !matched.isSet($0.rule) }
            if !pendingPrices.isEmpty {
                let wanted = pendingPrices.reduce(PriceScanner.Forms()) { $0.union($1.forms) }
                let found = PriceScanner.forms(in: text, wanted: wanted)
                for price in pendingPrices where found.isSuperset(of: price.forms) { matched.set(price.rule) }
            }
            // A regex runs only where one of its required literals occurs.
            guard !regexes.isEmpty else { return }
            let mayMatch = regexFilter.candidates(in: text)
            for (index, regex) in regexes.enumerated() where mayMatch[index] && !matched.isSet(regex.rule) {
                if regex.program.matches(text) { matched.set(regex.rule) }
            }
            // A regex for links also reads the host view, where "shop . example . nl" is "shop.example.nl".
            if regexes.contains(where: { !matched.isSet($0.rule) }) {
                let view = host ?? DomainPattern.hostView(text)
                if view.count != text.count || !view.withUnsafeBufferPointer({ RuleEngine.same(text, $0) }) {
                    view.withUnsafeBufferPointer { view in
                        let mayMatch = regexFilter.candidates(in: view)
                        for (index, regex) in regexes.enumerated() where mayMatch[index] && !matched.isSet(regex.rule) {
                            if regex.program.matches(view) { matched.set(regex.rule) }
                        }
                    }
                }
            }
        }

        /// The verdict of the rules marked in `matched`.
        private func verdict(_ matched: MatchedRules) -> Verdict {
            let count = matched.count
            if count == 0 { return .allow }
            var matches: [Verdict.Match] = []
            matches.reserveCapacity(count)
            // The rules are sorted by id, each id once: so are the matches.
            matched.forEach { matches.append(self.matches[$0]) }
            return Verdict(sortedUnique: matches)
        }

        private static func trimmingSpaces(_ bytes: [UInt8]) -> [UInt8] {
            var start = 0
            var end = bytes.count
            while start < end && RuleBytes.isSpace(bytes[start]) { start += 1 }
            while end > start && RuleBytes.isSpace(bytes[end - 1]) { end -= 1 }
            return Array(bytes[start..<end])
        }
    }
}

/// The rules a text matched: one bit per rule, and one summary bit per
/// word of 64 rules that has a bit set, so that a verdict reads only the
/// words with matches (with 10,000 rules, not 157 words a call). Only the
/// summary starts cleared: a word is written whole when its summary bit is
/// first set and is not read before, so a call does not clear 1.2 KiB for
/// 10,000 rules (nor call `memset` for 16 bytes for 10).
struct MatchedRules {
    private let words: UnsafeMutablePointer<UInt64>
    private let summary: UnsafeMutablePointer<UInt64>
    private let summaryCount: Int

    /// Calls `body` with no rule matched, for `ruleCount` rules; valid during the call only.
    @inline(__always)
    static func with<R>(ruleCount: Int, _ body: (MatchedRules) -> R) -> R {
        let wordCount = (ruleCount + 63) / 64
        let summaryCount = (wordCount + 63) / 64
        let cleared = max(summaryCount, Self.summaryWords)
        // On the stack for up to about 8,000 rules.
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: cleared + wordCount) { room in
            let summary = room.baseAddress!
            if summaryCount <= Self.summaryWords {
                // A constant size: two vector stores, no call.
                (UnsafeMutableRawPointer(summary)).storeBytes(of: SIMD4<UInt64>(), as: SIMD4<UInt64>.self)
            } else {
                summary.initialize(repeating: 0, count: summaryCount)
            }
            return body(MatchedRules(words: summary + cleared, summary: summary, summaryCount: summaryCount))
        }
    }

    /// Summary words cleared in one store (up to 16,384 rules).
    private static let summaryWords = 4

    private init(words: UnsafeMutablePointer<UInt64>, summary: UnsafeMutablePointer<UInt64>, summaryCount: Int) {
        self.words = words
        self.summary = summary
        self.summaryCount = summaryCount
    }

    @inline(__always)
    func set(_ index: Int) {
        let word = index >> 6
        let bit: UInt64 = 1 << UInt64(index & 63)
        let flag: UInt64 = 1 << UInt64(word & 63)
        if summary[word >> 6] & flag == 0 {
            summary[word >> 6] |= flag
            words[word] = bit
        } else {
            words[word] |= bit
        }
    }

    @inline(__always)
    func isSet(_ index: Int) -> Bool {
        let word = index >> 6
        return summary[word >> 6] & (1 << UInt64(word & 63)) != 0 && words[word] & (1 << UInt64(index & 63)) != 0
    }

    /// How many rules matched.
    var count: Int {
        var count = 0
        forEachWord { count += words[$0].nonzeroBitCount }
        return count
    }

    /// Calls `body` with each matched rule, in ascending order.
    func forEach(_ body: (Int) -> Void) {
        forEachWord { word in
            var rest = words[word]
            while rest != 0 {
                body(word * 64 + rest.trailingZeroBitCount)
                rest &= rest - 1
            }
        }
    }

    /// Calls `body` with each word that has a rule set, in ascending order.
    private func forEachWord(_ body: (Int) -> Void) {
        for group in 0..<summaryCount {
            var rest = summary[group]
            while rest != 0 {
                body(group * 64 + rest.trailingZeroBitCount)
                rest &= rest - 1
            }
        }
    }
}
