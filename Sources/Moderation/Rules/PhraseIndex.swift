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

    /// States of the automaton.
    var stateCount: Int { automaton.stateCount }

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

    /// Marks in `matched` every rule with a keyword occurring on word
    /// boundaries in the text view (keywords of the text view) or in the
    /// skeleton view (keywords of the skeleton view). The views are cut into
    /// up to eight overlapping lanes (each starts `maximumKeywordLength - 1`
    /// bytes early, so no occurrence is cut in two; one found twice is
    /// marked twice, harmlessly) scanned in lock step.
    func scan(text: UnsafeBufferPointer<UInt8>, skeleton: UnsafeBufferPointer<UInt8>?, into matched: inout [UInt64]) {
        var lanes: [PhraseAutomaton.Lane] = []
        var laneViews: [UInt8] = []
        let overlap = max(automaton.maximumKeywordLength - 1, 0)
        func cut(_ buffer: UnsafeBufferPointer<UInt8>, into parts: Int, views: UInt8) {
            let parts = max(1, min(parts, buffer.count / 128))
            let size = (buffer.count + parts - 1) / parts
            for part in 0..<parts {
                let start = part * size
                let end = min(buffer.count, start + size)
                if start >= end && part > 0 { continue }
                lanes.append(.init(text: buffer, start: max(0, start - overlap), end: end))
                laneViews.append(views)
            }
        }
        if let skeleton {
            cut(text, into: 4, views: Self.textView)
            cut(skeleton, into: 4, views: Self.skeletonView)
        } else {
            cut(text, into: 8, views: Self.textView | Self.skeletonView)
        }
        let lengths = automaton.keywordLengths
        automaton.scan(lanes) { lane, keyword, end in
            let buffer = lanes[lane].text
            let flags = boundaryFlags[keyword]
            let start = end - Int(lengths[keyword])
            if flags & 1 != 0 && start > 0 && RuleBytes.isWord(buffer[start - 1]) { return }
            if flags & 2 != 0 && end < buffer.count && RuleBytes.isWord(buffer[end]) { return }
            let views = laneViews[lane]
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
