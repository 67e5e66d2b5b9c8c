/// Evaluates texts against a `RuleSet` (PROTOCOL.md §7).
///
/// Built once per rule set: all `phrase` and `word` patterns (normalised
/// with the injected normaliser) go into one Aho–Corasick automaton that
/// runs once over the text view and once over the skeleton view (once only
/// when they are equal); `domain` patterns into a second automaton over the
/// text with obfuscated dots undone; `price` rules share one linear scan;
/// each `regex` rule runs its Pike VM over the text. Every matcher is
/// linear in the text, so `ContentKind.maximumBytes` bounds the cost.
///
///     let engine = try RuleEngine(rules, normalise: normaliser.normalise)
///     switch engine.evaluate(Array(post.utf8)).action { … }
public struct RuleEngine: Sendable {
    /// The rules, sorted by id (a matched rule's index is its place here).
    public let rules: [Rule]
    private let normalise: Normalise
    private let phrases: PhraseIndex?
    private let domains: DomainIndex?
    private let prices: [(rule: Int, forms: PriceScanner.Forms)]
    private let regexes: [(rule: Int, program: RegexProgram)]

    /// Compiles `ruleSet` with `normalise` (also applied to phrase and word
    /// patterns). Throws, naming the rule's `file:line`, for a pattern that
    /// normalises to nothing, a word pattern that normalises to several
    /// words, or phrase patterns too many to fit the automaton's limit.
    public init(_ ruleSet: RuleSet, normalise: @escaping Normalise) throws(RuleFileError) {
        let rules = ruleSet.rules.sorted { $0.id < $1.id }
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
                if let program = rule.regex { regexes.append((index, program)) }
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
        self.normalise = normalise
        self.phrases = phrases
        self.domains = domains
        self.prices = prices
        self.regexes = regexes
    }

    /// States of the phrase automaton (0 without phrase or word rules), for
    /// benchmarks and capacity planning.
    public var automatonStates: Int { phrases?.stateCount ?? 0 }

    /// Normalises `utf8` and evaluates it. Any bytes are accepted (invalid
    /// UTF-8 is the normaliser's to handle); cost is linear in the size.
    public func evaluate(_ utf8: some Collection<UInt8>) -> Verdict {
        let bytes = utf8.withContiguousStorageIfAvailable { Array($0) } ?? Array(utf8)
        return evaluate(normalised: normalise(bytes))
    }

    /// Normalises `utf8` and evaluates it (the same, without a copy).
    public func evaluate(_ utf8: [UInt8]) -> Verdict {
        evaluate(normalised: normalise(utf8))
    }

    /// Like `evaluate(_:)`, refusing a text larger than `kind` allows.
    public func evaluate(_ utf8: some Collection<UInt8>, as kind: ContentKind) throws(ContentTooLarge) -> Verdict {
        let count = utf8.count
        if count > kind.maximumBytes { throw ContentTooLarge(kind: kind, bytes: count) }
        return evaluate(utf8)
    }

    /// Evaluates a text that is already normalised (with the same normaliser).
    public func evaluate(normalised input: NormalisedInput) -> Verdict {
        if rules.isEmpty { return .allow }
        var matched = [UInt64](repeating: 0, count: (rules.count + 63) / 64)
        if let phrases {
            input.text.withUnsafeBufferPointer { text in
                if input.text == input.skeleton {
                    phrases.scan(text: text, skeleton: nil, into: &matched)
                } else {
                    input.skeleton.withUnsafeBufferPointer { phrases.scan(text: text, skeleton: $0, into: &matched) }
                }
            }
        }
        input.text.withUnsafeBufferPointer { text in
            if let domains {
                let view = DomainPattern.hostView(text)
                view.withUnsafeBufferPointer { domains.scan($0, into: &matched) }
            }
            let pendingPrices = prices.filter { !Self.isSet(matched, $0.rule) }
            if !pendingPrices.isEmpty {
                let wanted = pendingPrices.reduce(PriceScanner.Forms()) { $0.union($1.forms) }
                let found = PriceScanner.forms(in: text, wanted: wanted)
                for price in pendingPrices where found.isSuperset(of: price.forms) { Self.set(&matched, price.rule) }
            }
            for regex in regexes where !Self.isSet(matched, regex.rule) {
                if regex.program.matches(text) { Self.set(&matched, regex.rule) }
            }
        }
        var matches: [Verdict.Match] = []
        for (word, bits) in matched.enumerated() where bits != 0 {
            var rest = bits
            while rest != 0 {
                let index = word * 64 + rest.trailingZeroBitCount
                rest &= rest - 1
                let rule = rules[index]
                matches.append(.init(id: rule.id, action: rule.action, reason: rule.reason))
            }
        }
        return Verdict(matches: matches)
    }

    @inline(__always)
    static func set(_ bits: inout [UInt64], _ index: Int) {
        bits[index >> 6] |= 1 << UInt64(index & 63)
    }

    @inline(__always)
    static func isSet(_ bits: [UInt64], _ index: Int) -> Bool {
        bits[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    private static func trimmingSpaces(_ bytes: [UInt8]) -> [UInt8] {
        var start = 0
        var end = bytes.count
        while start < end && RuleBytes.isSpace(bytes[start]) { start += 1 }
        while end > start && RuleBytes.isSpace(bytes[end - 1]) { end -= 1 }
        return Array(bytes[start..<end])
    }
}
