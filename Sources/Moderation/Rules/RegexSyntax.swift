/// A set of bytes, 256 bits.
struct ByteSet: Sendable, Equatable, Hashable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    init() {}

    init(_ byte: UInt8) { insert(byte) }

    init(range: ClosedRange<UInt8>) {
        for byte in range { insert(byte) }
    }

    static let digits = ByteSet(range: 0x30...0x39)
    static let space: ByteSet = { var s = ByteSet(); for b: UInt8 in [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D] { s.insert(b) }; return s }()
    static let word: ByteSet = {
        var s = ByteSet(range: 0x30...0x39)
        s.formUnion(ByteSet(range: 0x41...0x5A))
        s.formUnion(ByteSet(range: 0x61...0x7A))
        s.insert(0x5F)
        return s
    }()

    @inline(__always)
    func contains(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    mutating func formUnion(_ other: ByteSet) {
        words.0 |= other.words.0
        words.1 |= other.words.1
        words.2 |= other.words.2
        words.3 |= other.words.3
    }

    var isEmpty: Bool { words.0 | words.1 | words.2 | words.3 == 0 }

    static func == (a: ByteSet, b: ByteSet) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0); hasher.combine(words.1); hasher.combine(words.2); hasher.combine(words.3)
    }
}

/// Zero-width assertions of the subset.
enum RegexAssertion: Sendable, Equatable {
    /// `^`: the start of the text.
    case start
    /// `$`: the end of the text.
    case end
    /// `\b`: a word byte on exactly one side.
    case wordBoundary
    /// `\B`: not `\b`.
    case notWordBoundary

    /// Whether the assertion holds between `previous` and `next` (nil at the
    /// edges of the text).
    @inline(__always)
    func holds(previous: UInt8?, next: UInt8?) -> Bool {
        switch self {
        case .start: return previous == nil
        case .end: return next == nil
        case .wordBoundary, .notWordBoundary:
            let before = previous.map(RuleBytes.isWord) ?? false
            let after = next.map(RuleBytes.isWord) ?? false
            return (before != after) == (self == .wordBoundary)
        }
    }
}

/// The syntax tree of a regex of the supported subset.
indirect enum RegexNode: Sendable, Equatable {
    /// Matches the empty string.
    case empty
    /// One byte in the set (literals and positive classes; ASCII sets or
    /// single bytes of a non-ASCII literal).
    case byte(ByteSet)
    /// One character not in the (ASCII) set: a single byte outside the set,
    /// or one well-formed UTF-8 sequence of 2–4 bytes (`.`, `[^…]`, `\D`,
    /// `\W`, `\S`).
    case notIn(ByteSet)
    case concat([RegexNode])
    case alternate([RegexNode])
    /// `min` to `max` (nil: unbounded) repetitions.
    case repetition(RegexNode, min: Int, max: Int?)
    case assertion(RegexAssertion)

    /// Whether it can match without consuming a byte (assertions counted as
    /// holding).
    var isNullable: Bool {
        switch self {
        case .empty, .assertion: return true
        case .byte, .notIn: return false
        case .concat(let nodes): return nodes.allSatisfy(\.isNullable)
        case .alternate(let nodes): return nodes.contains(where: \.isNullable)
        case .repetition(let node, let min, _): return min == 0 || node.isNullable
        }
    }

    /// Instructions the compiler will emit for it (an upper bound).
    var programSize: Int {
        switch self {
        case .empty: return 0
        case .byte: return 1
        case .notIn: return 16
        case .assertion: return 1
        case .concat(let nodes): return nodes.reduce(0) { $0 + $1.programSize }
        case .alternate(let nodes): return nodes.reduce(0) { $0 + $1.programSize + 2 }
        case .repetition(let node, let min, let max):
            let copies = max ?? (min + 1)
            return copies.multipliedReportingOverflow(by: node.programSize + 2).partialValue
        }
    }
}

/// A regex outside the subset or malformed; `offset` is the byte offset in
/// the pattern where the problem is.
struct RegexSyntaxError: Error, Sendable, Equatable {
    let offset: Int
    let message: String
}

/// The parser of the supported subset (Policies/moderation/README.md):
/// literals, `.`, classes `[a-z]` `[^…]`, `\d \w \s \D \W \S \b \B`, `^ $`,
/// groups `(…)` and `(?:…)`, `|`, `? * +` and `{m}` `{m,}` `{m,n}` with
/// bounds up to 100 (a trailing lazy `?` is accepted and means the same for
/// a yes/no match). Refused: backreferences, look-around, other `(?…)`
/// groups, nested quantifiers, unknown escapes, non-ASCII bytes in classes,
/// upper-case letters (texts are case-folded, they could never match), and
/// patterns that match the empty text.
struct RegexParser {
    static let maximumBound = 100
    static let maximumProgram = 5000
    static let maximumDepth = 50

    private let pattern: [UInt8]
    private var position = 0
    private var depth = 0

    private init(_ pattern: [UInt8]) {
        self.pattern = pattern
    }

    static func parse(_ pattern: [UInt8]) throws(RegexSyntaxError) -> RegexNode {
        var parser = RegexParser(pattern)
        let node = try parser.alternation()
        if parser.position < pattern.count {
            throw RegexSyntaxError(offset: parser.position, message: "unmatched )")
        }
        if node.programSize > maximumProgram {
            throw RegexSyntaxError(offset: 0, message: "the regex is too large (more than \(maximumProgram) instructions after expanding repetitions)")
        }
        if node.isNullable {
            throw RegexSyntaxError(offset: 0, message: "the regex matches the empty text, so it would match every text")
        }
        return node
    }

    private var peek: UInt8? { position < pattern.count ? pattern[position] : nil }

    private func fail(_ message: String, at offset: Int? = nil) -> RegexSyntaxError {
        RegexSyntaxError(offset: offset ?? position, message: message)
    }

    private mutating func alternation() throws(RegexSyntaxError) -> RegexNode {
        var branches = [try concatenation()]
        while peek == UInt8(ascii: "|") {
            position += 1
            branches.append(try concatenation())
        }
        return branches.count == 1 ? branches[0] : .alternate(branches)
    }

    private mutating func concatenation() throws(RegexSyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        while let byte = peek, byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") {
            items.append(try repeated())
        }
        switch items.count {
        case 0: return .empty
        case 1: return items[0]
        default: return .concat(items)
        }
    }

    private mutating func repeated() throws(RegexSyntaxError) -> RegexNode {
        let atomStart = position
        var node = try atom()
        var quantified = false
        while let byte = peek {
            let quantifierStart = position
            var bounds: (Int, Int?)
            switch byte {
            case UInt8(ascii: "*"): position += 1; bounds = (0, nil)
            case UInt8(ascii: "+"): position += 1; bounds = (1, nil)
            case UInt8(ascii: "?"): position += 1; bounds = (0, 1)
            case UInt8(ascii: "{"): bounds = try braces()
            default: return node
            }
            if quantified {
                throw fail("nested quantifier; put the repeated part in a group", at: quantifierStart)
            }
            if case .assertion = node {
                throw fail("nothing to repeat (an anchor or \\b cannot be repeated)", at: quantifierStart)
            }
            if peek == UInt8(ascii: "?") { position += 1 }  // lazy: same yes/no answer
            node = .repetition(node, min: bounds.0, max: bounds.1)
            quantified = true
            if node.programSize > Self.maximumProgram {
                throw fail("the repetition makes the regex too large (more than \(Self.maximumProgram) instructions)", at: quantifierStart)
            }
            _ = atomStart
        }
        return node
    }

    /// `{m}`, `{m,}`, `{m,n}`.
    private mutating func braces() throws(RegexSyntaxError) -> (Int, Int?) {
        let open = position
        position += 1
        guard let low = number() else { throw fail("expected a number after {", at: open) }
        var high: Int? = low
        if peek == UInt8(ascii: ",") {
            position += 1
            high = peek == UInt8(ascii: "}") ? nil : number()
            if high == nil && peek != UInt8(ascii: "}") { throw fail("expected a number or } after {m,", at: open) }
        }
        guard peek == UInt8(ascii: "}") else { throw fail("unclosed {", at: open) }
        position += 1
        if low > Self.maximumBound || (high ?? 0) > Self.maximumBound {
            throw fail("repetition bounds above \(Self.maximumBound) are not supported", at: open)
        }
        if let high, high < low { throw fail("repetition {\(low),\(high)} has its bounds reversed", at: open) }
        if high == 0 { throw fail("repetition {0} matches nothing; remove it", at: open) }
        return (low, high)
    }

    private mutating func number() -> Int? {
        var value = 0
        let start = position
        while let byte = peek, RuleBytes.isDigit(byte), position - start < 4 {
            value = value * 10 + Int(byte - 0x30)
            position += 1
        }
        if let byte = peek, RuleBytes.isDigit(byte) { return 10_000 }  // too long: over the bound
        return position > start ? value : nil
    }

    private mutating func atom() throws(RegexSyntaxError) -> RegexNode {
        guard let byte = peek else { return .empty }
        switch byte {
        case UInt8(ascii: "("):
            let open = position
            position += 1
            if peek == UInt8(ascii: "?") {
                let next = position + 1 < pattern.count ? pattern[position + 1] : 0
                let third = position + 2 < pattern.count ? pattern[position + 2] : 0
                if next == UInt8(ascii: ":") {
                    position += 2
                } else if next == UInt8(ascii: "=") || next == UInt8(ascii: "!")
                            || (next == UInt8(ascii: "<") && (third == UInt8(ascii: "=") || third == UInt8(ascii: "!"))) {
                    throw fail("look-around is not supported", at: open)
                } else {
                    throw fail("(?…) groups other than (?:…) are not supported", at: open)
                }
            }
            depth += 1
            if depth > Self.maximumDepth { throw fail("groups nested deeper than \(Self.maximumDepth)", at: open) }
            let inner = try alternation()
            depth -= 1
            guard peek == UInt8(ascii: ")") else { throw fail("unclosed group (", at: open) }
            position += 1
            return inner
        case UInt8(ascii: "["):
            return try characterClass()
        case UInt8(ascii: "."):
            position += 1
            return .notIn(ByteSet(0x0A))
        case UInt8(ascii: "^"):
            position += 1
            return .assertion(.start)
        case UInt8(ascii: "$"):
            position += 1
            return .assertion(.end)
        case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"):
            throw fail("nothing to repeat before \(Character(Unicode.Scalar(byte)))")
        case UInt8(ascii: "\\"):
            return try escape()
        default:
            if RuleBytes.isUppercase(byte) {
                throw fail("upper-case letters never match (texts are case-folded); write lower case")
            }
            position += 1
            return .byte(ByteSet(byte))
        }
    }

    private mutating func escape() throws(RegexSyntaxError) -> RegexNode {
        let start = position
        position += 1
        guard let byte = peek else { throw fail("trailing backslash", at: start) }
        position += 1
        switch byte {
        case UInt8(ascii: "d"): return .byte(.digits)
        case UInt8(ascii: "w"): return .byte(.word)
        case UInt8(ascii: "s"): return .byte(.space)
        case UInt8(ascii: "D"): return .notIn(.digits)
        case UInt8(ascii: "W"): return .notIn(.word)
        case UInt8(ascii: "S"): return .notIn(.space)
        case UInt8(ascii: "b"): return .assertion(.wordBoundary)
        case UInt8(ascii: "B"): return .assertion(.notWordBoundary)
        default:
            position = start
            return .byte(ByteSet(try singleEscape()))
        }
    }

    /// An escape that stands for one byte: `\n \t \r \f \v \xHH` or escaped
    /// ASCII punctuation.
    private mutating func singleEscape() throws(RegexSyntaxError) -> UInt8 {
        let start = position
        position += 1
        guard let byte = peek else { throw fail("trailing backslash", at: start) }
        position += 1
        switch byte {
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "t"): return 0x09
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "v"): return 0x0B
        case UInt8(ascii: "x"):
            guard position + 1 < pattern.count, let high = Self.hex(pattern[position]), let low = Self.hex(pattern[position + 1]) else {
                throw fail("\\x needs two hexadecimal digits", at: start)
            }
            position += 2
            return high << 4 | low
        case UInt8(ascii: "1")...UInt8(ascii: "9"):
            throw fail("backreferences are not supported", at: start)
        case UInt8(ascii: "k"):
            throw fail("backreferences are not supported", at: start)
        default:
            if byte < 0x80 && !RuleBytes.isAlphanumeric(byte) && byte > 0x20 { return byte }
            throw fail("unknown escape \\\(Character(Unicode.Scalar(byte < 0x80 ? byte : 0x3F)))", at: start)
        }
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        if RuleBytes.isDigit(byte) { return byte - 0x30 }
        let lower = byte | 0x20
        if lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f") { return lower - UInt8(ascii: "a") + 10 }
        return nil
    }

    private mutating func characterClass() throws(RegexSyntaxError) -> RegexNode {
        let open = position
        position += 1
        var negated = false
        if peek == UInt8(ascii: "^") { negated = true; position += 1 }
        var set = ByteSet()
        var first = true
        while true {
            guard let byte = peek else { throw fail("unclosed class [", at: open) }
            if byte == UInt8(ascii: "]") {
                if first { throw fail("empty class []; write \\] for a literal ]", at: open) }
                position += 1
                break
            }
            first = false
            let itemStart = position
            let low: UInt8
            if byte == UInt8(ascii: "\\") {
                let next = position + 1 < pattern.count ? pattern[position + 1] : 0
                switch next {
                case UInt8(ascii: "d"): set.formUnion(.digits); position += 2; continue
                case UInt8(ascii: "w"): set.formUnion(.word); position += 2; continue
                case UInt8(ascii: "s"): set.formUnion(.space); position += 2; continue
                case UInt8(ascii: "D"), UInt8(ascii: "W"), UInt8(ascii: "S"):
                    throw fail("\\D, \\W and \\S are not supported inside a class", at: itemStart)
                case UInt8(ascii: "b"), UInt8(ascii: "B"):
                    throw fail("\\b and \\B are not supported inside a class", at: itemStart)
                default: low = try singleEscape()
                }
            } else {
                try checkClassByte(byte)
                low = byte
                position += 1
            }
            if peek == UInt8(ascii: "-"), position + 1 < pattern.count, pattern[position + 1] != UInt8(ascii: "]") {
                position += 1
                let high: UInt8
                if peek == UInt8(ascii: "\\") {
                    high = try singleEscape()
                } else {
                    try checkClassByte(peek!)
                    high = peek!
                    position += 1
                }
                if high < low { throw fail("class range is reversed", at: itemStart) }
                set.formUnion(ByteSet(range: low...high))
            } else {
                set.insert(low)
            }
        }
        return negated ? .notIn(set) : .byte(set)
    }

    private func checkClassByte(_ byte: UInt8) throws(RegexSyntaxError) {
        if byte >= 0x80 { throw fail("classes may hold ASCII characters only") }
        if RuleBytes.isUppercase(byte) {
            throw fail("upper-case letters never match (texts are case-folded); write lower case")
        }
        if byte == UInt8(ascii: "[") { throw fail("write \\[ for a literal [ inside a class") }
    }
}
