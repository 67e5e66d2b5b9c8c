/// A naive backtracking matcher over the regex syntax tree: the *reference*
/// the Pike VM is checked against in tests and in the fuzz harness. It is
/// exponential on purpose-built patterns, so it takes a step budget and
/// answers nil when it runs out. Never used to moderate.
struct RegexBacktracker {
    private let text: [UInt8]
    private var steps: Int

    /// Whether `tree` matches somewhere in `text`, or nil when `budget`
    /// steps were not enough to decide.
    static func matches(_ tree: RegexNode, in text: [UInt8], budget: Int = 200_000) -> Bool? {
        var matcher = RegexBacktracker(text: text, steps: budget)
        for start in 0...text.count {
            if matcher.match(tree, start, { _, _ in true }) { return true }
            if matcher.steps <= 0 { return nil }
        }
        return matcher.steps <= 0 ? nil : false
    }

    private init(text: [UInt8], steps: Int) {
        self.text = text
        self.steps = steps
    }

    private mutating func match(_ node: RegexNode, _ position: Int, _ k: (inout RegexBacktracker, Int) -> Bool) -> Bool {
        steps -= 1
        if steps <= 0 { return false }
        switch node {
        case .empty:
            return k(&self, position)
        case .byte(let set):
            return position < text.count && set.contains(text[position]) && k(&self, position + 1)
        case .notIn(let set):
            if position < text.count && !set.contains(text[position]) && k(&self, position + 1) { return true }
            for length in 2...4 where position + length <= text.count {
                let lead = text[position]
                let fits: Bool
                switch length {
                case 2: fits = lead >= 0xC2 && lead <= 0xDF
                case 3: fits = lead >= 0xE0 && lead <= 0xEF
                default: fits = lead >= 0xF0 && lead <= 0xF4
                }
                if fits && text[(position + 1)..<(position + length)].allSatisfy({ $0 >= 0x80 && $0 <= 0xBF })
                    && k(&self, position + length) { return true }
            }
            return false
        case .concat(let nodes):
            return sequence(nodes[...], position, k)
        case .alternate(let nodes):
            for node in nodes where match(node, position, k) { return true }
            return false
        case .repetition(let node, let min, let max):
            return repeatFrom(node, count: 0, min: min, max: max, position, k)
        case .assertion(let assertion):
            let previous = position > 0 ? text[position - 1] : nil
            let next = position < text.count ? text[position] : nil
            return assertion.holds(previous: previous, next: next) && k(&self, position)
        }
    }

    private mutating func sequence(_ nodes: ArraySlice<RegexNode>, _ position: Int, _ k: (inout RegexBacktracker, Int) -> Bool) -> Bool {
        guard let head = nodes.first else { return k(&self, position) }
        return match(head, position) { matcher, next in matcher.sequence(nodes.dropFirst(), next, k) }
    }

    private mutating func repeatFrom(_ node: RegexNode, count: Int, min: Int, max: Int?, _ position: Int,
                                     _ k: (inout RegexBacktracker, Int) -> Bool) -> Bool {
        if count >= min && k(&self, position) { return true }
        if let max, count >= max { return false }
        return match(node, position) { matcher, next in
            // An empty iteration past the minimum adds nothing; stop there.
            if next == position && count >= min { return false }
            return matcher.repeatFrom(node, count: count + 1, min: min, max: max, next, k)
        }
    }
}
