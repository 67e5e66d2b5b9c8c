/// The phrase and word keywords of a rule set in one `PhraseAutomaton`, with
/// for each keyword the rules it stands for, in which view, and whether its
/// ends need a word boundary (an end needs one when its byte is a word byte:
/// "demo" does not match in "demos", "€ 5" needs none before the "€").
struct PhraseIndex: Sendable {
    static let textView: UInt8 = 1
    static let skeletonView: UInt8 = 2

    private let automaton: PhraseAutomaton
    private let boundaryFlags: [UInt8]  // 1: start needs a boundary, 2: end does
    private let referenceStart: [Int32]
    private let referenceRules: [Int32]
    private let referenceViews: [UInt8]

    struct Builder {
        private var keywordIndex: [[UInt8]: Int] = [:]
        private var keywords: [[UInt8]] = []
        private var references: [[(rule: Int32, views: UInt8)]] = []

        var isEmpty: Bool { keywords.isEmpty }

        mutating func add(_ keyword: [UInt8], rule: Int, views: UInt8) {
            let index: Int
            if let known = keywordIndex[keyword] {
                index = known
            } else {
                index = keywords.count
                keywordIndex[keyword] = index
                keywords.append(keyword)
                references.append([])
            }
            if let same = references[index].firstIndex(where: { $0.rule == Int32(rule) }) {
                references[index][same].views |= views
            } else {
                references[index].append((Int32(rule), views))
            }
        }

        func build() -> PhraseIndex? {
            guard !keywords.isEmpty, let automaton = PhraseAutomaton(keywords: keywords) else { return nil }
            var start: [Int32] = [0]
            var rules: [Int32] = []
            var views: [UInt8] = []
            for list in references {
                for reference in list { rules.append(reference.rule); views.append(reference.views) }
                start.append(Int32(rules.count))
            }
            let flags = keywords.map { keyword -> UInt8 in
                (RuleBytes.isWord(keyword.first!) ? 1 : 0) | (RuleBytes.isWord(keyword.last!) ? 2 : 0)
            }
            return PhraseIndex(automaton: automaton, boundaryFlags: flags, referenceStart: start,
                               referenceRules: rules, referenceViews: views)
        }
    }

    /// Marks in `matched` every rule with a keyword occurring in `text` on
    /// word boundaries, for a keyword of one of `views`.
    func scan(_ text: UnsafeBufferPointer<UInt8>, views: UInt8, into matched: inout [UInt64]) {
        let lengths = automaton.keywordLengths
        automaton.scan(text) { keyword, end in
            let flags = boundaryFlags[keyword]
            let start = end - Int(lengths[keyword])
            if flags & 1 != 0 && start > 0 && RuleBytes.isWord(text[start - 1]) { return }
            if flags & 2 != 0 && end < text.count && RuleBytes.isWord(text[end]) { return }
            for k in Int(referenceStart[keyword])..<Int(referenceStart[keyword + 1]) where referenceViews[k] & views != 0 {
                RuleEngine.set(&matched, Int(referenceRules[k]))
            }
        }
    }
}

/// The domain patterns of a rule set in one `PhraseAutomaton`, run over the
/// host view (`DomainPattern.hostView`).
struct DomainIndex: Sendable {
    private let automaton: PhraseAutomaton
    private let rulesOfKeyword: [[Int32]]

    struct Builder {
        private var keywordIndex: [[UInt8]: Int] = [:]
        private var keywords: [[UInt8]] = []
        private var rules: [[Int32]] = []

        var isEmpty: Bool { keywords.isEmpty }

        mutating func add(_ domain: [UInt8], rule: Int) {
            if let known = keywordIndex[domain] {
                rules[known].append(Int32(rule))
            } else {
                keywordIndex[domain] = keywords.count
                keywords.append(domain)
                rules.append([Int32(rule)])
            }
        }

        func build() -> DomainIndex? {
            guard !keywords.isEmpty, let automaton = PhraseAutomaton(keywords: keywords) else { return nil }
            return DomainIndex(automaton: automaton, rulesOfKeyword: rules)
        }
    }

    func scan(_ view: UnsafeBufferPointer<UInt8>, into matched: inout [UInt64]) {
        let lengths = automaton.keywordLengths
        automaton.scan(view) { keyword, end in
            guard DomainPattern.standsAlone(view, start: end - Int(lengths[keyword]), end: end) else { return }
            for rule in rulesOfKeyword[keyword] { RuleEngine.set(&matched, Int(rule)) }
        }
    }
}
