/// Literals a regex cannot match without: `RegexNode.requiredLiterals` is
/// a set of byte strings such that every match of the regex contains at
/// least one of them. The engine looks for all of them in one Aho–Corasick
/// scan of the text and runs a regex's Pike VM only when one occurs
/// (`RuleEngine`): most texts contain none of a sales formula's words, and
/// the scan costs one table step per byte for all rules together, where
/// each Pike VM costs a pass of its own.
///
/// Built bottom-up from the tree. A node's *exact* set is every string it
/// matches, when that is small: a literal, a small class, an optional or
/// alternated group of them. A concatenation's *required* set is the
/// product of a run of consecutive exact children, or a child's required
/// set; an alternation's is the union of its branches' (each branch must
/// have one); a repetition of at least one copy has its node's. Assertions
/// consume nothing and are exact as the empty string. A set holding the
/// empty string says nothing and is never chosen.
extension RegexNode {
    /// The best required set (longest shortest string up to
    /// `selectiveLength`, then fewest strings), or nil when the tree gives
    /// none. Strings holding another of the set are dropped (a text with
    /// the longer has the shorter).
    var requiredLiterals: [[UInt8]]? {
        let info = literalInfo()
        guard let best = RegexLiteralInfo.better(info.required, info.exact) else { return nil }
        return RegexLiteralInfo.minimal(best).sorted { $0.lexicographicallyPrecedes($1) }
    }

    fileprivate func literalInfo() -> RegexLiteralInfo {
        switch self {
        case .empty, .assertion:
            return RegexLiteralInfo(exact: [[]], required: nil)
        case .byte(let set):
            var strings: [[UInt8]] = []
            for byte in 0...255 where set.contains(UInt8(byte)) {
                strings.append([UInt8(byte)])
                if strings.count > RegexLiteralInfo.maximumStrings { return RegexLiteralInfo(exact: nil, required: nil) }
            }
            return RegexLiteralInfo(exact: strings, required: nil)
        case .notIn:
            return RegexLiteralInfo(exact: nil, required: nil)
        case .concat(let nodes):
            var run: [[UInt8]]? = [[]]
            var best: [[UInt8]]? = nil
            var exact: [[UInt8]]? = [[]]
            for node in nodes {
                let info = node.literalInfo()
                best = RegexLiteralInfo.better(best, info.required)
                if let strings = info.exact {
                    exact = exact.flatMap { RegexLiteralInfo.product($0, strings) }
                    if let joined = run.flatMap({ RegexLiteralInfo.product($0, strings) }),
                       joined.count <= RegexLiteralInfo.maximumRunStrings {
                        run = joined
                    } else {
                        // Too many or too long: close the run, start one at this child.
                        best = RegexLiteralInfo.better(best, run)
                        run = strings
                    }
                } else {
                    exact = nil
                    best = RegexLiteralInfo.better(best, run)
                    run = [[]]
                }
            }
            best = RegexLiteralInfo.better(best, run)
            return RegexLiteralInfo(exact: exact, required: best)
        case .alternate(let nodes):
            var exact: [[UInt8]]? = []
            var required: [[UInt8]]? = []
            for node in nodes {
                let info = node.literalInfo()
                exact = info.exact.flatMap { strings in exact.flatMap { RegexLiteralInfo.union($0, strings) } }
                if let branch = RegexLiteralInfo.better(info.required, info.exact), let sofar = required,
                   sofar.count + branch.count <= RegexLiteralInfo.maximumRequired {
                    required = sofar + branch
                } else {
                    required = nil
                }
            }
            return RegexLiteralInfo(exact: exact, required: required)
        case .repetition(let node, let min, let max):
            let info = node.literalInfo()
            var exact: [[UInt8]]? = nil
            if let strings = info.exact, let max, max <= 3 {
                // Every count from min to max, concatenated.
                var all: [[UInt8]]? = []
                var copies: [[UInt8]]? = [[]]
                for count in 0...max {
                    // A count whose strings are too many makes the whole set unknown.
                    if count >= min { all = copies.flatMap { current in all.flatMap { RegexLiteralInfo.union($0, current) } } }
                    if count < max { copies = copies.flatMap { RegexLiteralInfo.product($0, strings) } }
                }
                exact = all
            }
            let required = min >= 1 ? RegexLiteralInfo.better(info.required, info.exact) : nil
            return RegexLiteralInfo(exact: exact, required: required)
        }
    }
}

/// What `RegexNode.literalInfo` knows of a node. Sets are arrays here (a
/// repeat costs nothing but a little selectivity; hashing every string
/// cost more than the rest of compiling a rule file).
private struct RegexLiteralInfo {
    /// Every string the node matches (nil: too many, or unbounded).
    var exact: [[UInt8]]?
    /// Strings one of which every match contains (nil: none known).
    var required: [[UInt8]]?

    /// Bounds that keep the sets small (and the prefilter's automaton).
    static let maximumStrings = 64
    static let maximumLength = 48
    static let maximumRequired = 256

    /// The more selective of two candidate required sets; a set that is
    /// empty or holds the empty string says nothing.
    static func better(_ a: [[UInt8]]?, _ b: [[UInt8]]?) -> [[UInt8]]? {
        func usable(_ set: [[UInt8]]?) -> [[UInt8]]? {
            guard let set, !set.isEmpty, !set.contains(where: \.isEmpty) else { return nil }
            return set
        }
        guard let a = usable(a) else { return usable(b) }
        guard let b = usable(b) else { return a }
        // Eight bytes are selective enough; past that, a smaller set keeps
        // the prefilter's automaton small (with the starter rules: 1 MB of
        // text in 0.20 s, against 0.18 s for the longest literals and
        // their larger automaton, 4 MB more resident; four bytes: 0.99 s).
        let shortestA = min(a.map(\.count).min()!, selectiveLength), shortestB = min(b.map(\.count).min()!, selectiveLength)
        if shortestA != shortestB { return shortestA > shortestB ? a : b }
        if a.count != b.count { return a.count < b.count ? a : b }
        return a.reduce(0) { $0 + $1.count } <= b.reduce(0) { $0 + $1.count } ? a : b
    }

    /// A literal this long is taken as selective enough (see `better`).
    static let selectiveLength = 8

    /// The most strings a run of a concatenation multiplies into.
    static let maximumRunStrings = 16

    /// `set` without repeats and without the strings that contain another
    /// of its strings (a text holding the longer holds the shorter): the
    /// same requirement.
    static func minimal(_ set: [[UInt8]]) -> [[UInt8]] {
        let sorted = Set(set).sorted { $0.count < $1.count }
        var kept: [[UInt8]] = []
        for string in sorted where !kept.contains(where: { contains(string, $0) }) { kept.append(string) }
        return kept
    }

    /// Whether `haystack` holds `needle`.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// Every `x + y`, or nil past the bounds.
    static func product(_ xs: [[UInt8]], _ ys: [[UInt8]]) -> [[UInt8]]? {
        guard xs.count * ys.count <= maximumStrings else { return nil }
        var result: [[UInt8]] = []
        result.reserveCapacity(xs.count * ys.count)
        for x in xs {
            for y in ys {
                guard x.count + y.count <= maximumLength else { return nil }
                result.append(x + y)
            }
        }
        return result
    }

    /// `xs` and `ys` together, or nil past the bound.
    static func union(_ xs: [[UInt8]], _ ys: [[UInt8]]) -> [[UInt8]]? {
        xs.count + ys.count <= maximumStrings ? xs + ys : nil
    }
}

/// The regex rules' required literals in one automaton: `candidates(in:)`
/// says which regexes may match a view, after one scan of it.
struct RegexPrefilter: Sendable {
    private let automaton: PhraseAutomaton?
    /// For each literal, the regexes (indices into the programs) that require it.
    private let regexesOfLiteral: [[Int32]]
    /// Per regex: true when it has no required literals (it always runs).
    private let unfiltered: [Bool]

    init(_ programs: [RegexProgram]) {
        var literals = KeywordOwners()
        var unfiltered = [Bool](repeating: true, count: programs.count)
        for (position, program) in programs.enumerated() {
            guard let required = program.requiredLiterals else { continue }
            unfiltered[position] = false
            for literal in required { literals.add(literal, owner: position) }
        }
        let automaton = literals.keywords.isEmpty ? nil : PhraseAutomaton(keywords: literals.keywords)
        // Too many literals for one automaton: every regex runs.
        self.unfiltered = automaton == nil ? [Bool](repeating: true, count: programs.count) : unfiltered
        self.automaton = automaton
        self.regexesOfLiteral = literals.owners
    }

    /// Per regex, whether it may match `view`: it has no required literals,
    /// or one of them occurs in `view`.
    func candidates(in view: UnsafeBufferPointer<UInt8>) -> [Bool] {
        var result = unfiltered
        automaton?.scan(view) { literal, _ in
            for regex in regexesOfLiteral[literal] { result[Int(regex)] = true }
        }
        return result
    }
}
