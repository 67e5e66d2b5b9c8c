/// A compiled regex of the subset: a Thompson NFA as a flat instruction
/// list, run by a Pike VM (a breadth-first simulation of all threads at
/// once), so a search costs O(text × program) whatever the pattern — no
/// backtracking, no catastrophic cases. Byte-based over UTF-8. The answer is
/// only whether the regex matches somewhere in the text.
struct RegexProgram: Sendable {
    private enum Op: UInt8 {
        case byte, split, jump, assertion, match
    }

    /// The parsed tree (kept for the reference matcher in tests and fuzzing).
    let tree: RegexNode
    private var ops: [Op] = []
    private var first: [Int32] = []
    private var second: [Int32] = []
    /// 256 entries per byte set used by `byte` instructions.
    private var sets: [Bool] = []
    /// The index in `sets` of each set already there (while compiling).
    private var setIndices: [ByteSet: Int] = [:]
    private var assertions: [RegexAssertion] = []
    /// Bytes that can be the first byte of a match (a skip filter).
    private var startBytes = [Bool](repeating: false, count: 256)
    /// Strings one of which every match contains (nil: none known), for
    /// `RegexPrefilter`; worked out on each use (an engine's build), not
    /// when a rule file is parsed.
    var requiredLiterals: [[UInt8]]? { tree.requiredLiterals }

    /// Parses and compiles `pattern`; throws where it leaves the subset.
    init(compiling pattern: [UInt8]) throws(RegexSyntaxError) {
        self.init(tree: try RegexParser.parse(pattern))
    }

    /// Compiles a tree the parser made (or a branch of one).
    init(tree: RegexNode) {
        self.tree = tree
        emit(tree)
        append(.match)
        computeStartBytes()
        setIndices = [:]
    }

    /// The programs whose matches together are this one's: one per branch
    /// of a top-level alternation (a search matches where any branch does),
    /// else this one. Each branch then has its own required literals, and
    /// the engine runs only the branches whose literals occur.
    var branches: [RegexProgram] {
        guard case .alternate(let nodes) = tree else { return [self] }
        return nodes.map { RegexProgram(tree: $0) }
    }

    /// Instructions in the program.
    var size: Int { ops.count }

    // MARK: Compiling

    @discardableResult
    private mutating func append(_ op: Op, _ a: Int = 0, _ b: Int = 0) -> Int {
        ops.append(op)
        first.append(Int32(a))
        second.append(Int32(b))
        return ops.count - 1
    }

    private mutating func setIndex(_ set: ByteSet) -> Int {
        // One table per distinct set: a literal's bytes repeat (every "e").
        if let known = setIndices[set] { return known }
        let index = sets.count / 256
        for byte in 0...255 { sets.append(set.contains(UInt8(byte))) }
        setIndices[set] = index
        return index
    }

    private mutating func emit(_ node: RegexNode) {
        switch node {
        case .empty:
            break
        case .byte(let set):
            append(.byte, setIndex(set))
        case .notIn(let set):
            var complement = ByteSet()
            for byte in 0...255 where !set.contains(UInt8(byte)) { complement.insert(UInt8(byte)) }
            let continuation = ByteSet(range: 0x80...0xBF)
            emit(.alternate([
                .byte(complement),
                .concat([.byte(ByteSet(range: 0xC2...0xDF)), .byte(continuation)]),
                .concat([.byte(ByteSet(range: 0xE0...0xEF)), .byte(continuation), .byte(continuation)]),
                .concat([.byte(ByteSet(range: 0xF0...0xF4)), .byte(continuation), .byte(continuation), .byte(continuation)]),
            ]))
        case .concat(let nodes):
            for node in nodes { emit(node) }
        case .alternate(let nodes):
            var exits: [Int] = []
            for (index, node) in nodes.enumerated() {
                if index == nodes.count - 1 {
                    emit(node)
                } else {
                    let split = append(.split)
                    first[split] = Int32(ops.count)
                    emit(node)
                    exits.append(append(.jump))
                    second[split] = Int32(ops.count)
                }
            }
            for exit in exits { first[exit] = Int32(ops.count) }
        case .repetition(let node, let min, let max):
            for _ in 0..<min { emit(node) }
            if let max {
                var splits: [Int] = []
                for _ in min..<max {
                    let split = append(.split)
                    first[split] = Int32(ops.count)
                    splits.append(split)
                    emit(node)
                }
                for split in splits { second[split] = Int32(ops.count) }
            } else {
                let loop = append(.split)
                first[loop] = Int32(ops.count)
                emit(node)
                append(.jump, loop)
                second[loop] = Int32(ops.count)
            }
        case .assertion(let assertion):
            append(.assertion, assertions.count)
            assertions.append(assertion)
        }
    }

    /// Bytes consumable first from the start, passing every assertion (an
    /// over-approximation, used only to skip positions where no thread lives).
    private mutating func computeStartBytes() {
        var seen = [Bool](repeating: false, count: ops.count)
        var stack = [0]
        while let pc = stack.popLast() {
            if seen[pc] { continue }
            seen[pc] = true
            switch ops[pc] {
            case .byte:
                let base = Int(first[pc]) * 256
                for byte in 0..<256 where sets[base + byte] { startBytes[byte] = true }
            case .split: stack.append(Int(first[pc])); stack.append(Int(second[pc]))
            case .jump: stack.append(Int(first[pc]))
            case .assertion: stack.append(pc + 1)
            case .match: for byte in 0..<256 { startBytes[byte] = true }
            }
        }
    }

    // MARK: Matching

    /// Whether the regex matches anywhere in `text`. Linear in
    /// `text.count × size`.
    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var current = SparseSet(capacity: ops.count)
        var next = SparseSet(capacity: ops.count)
        var stack: [Int32] = []
        stack.reserveCapacity(ops.count)
        let n = text.count
        var i = 0
        while true {
            if current.isEmpty {
                // No thread alive: skip to a byte a match can start with.
                while i < n && !startBytes[Int(text[i])] { i += 1 }
                if i == n { return false }
            }
            if add(0, at: i, text, &current, &stack) { return true }
            if i == n { return false }
            let byte = Int(text[i])
            next.removeAll()
            for index in 0..<current.count {
                let pc = Int(current.dense[index])
                if ops[pc] == .byte && sets[Int(first[pc]) * 256 + byte] {
                    if add(pc + 1, at: i + 1, text, &next, &stack) { return true }
                }
            }
            swap(&current, &next)
            i += 1
        }
    }

    /// Adds the thread at `pc` and everything reachable from it without
    /// consuming a byte; true when that reaches `match`.
    private func add(_ pc: Int, at position: Int, _ text: UnsafeBufferPointer<UInt8>,
                     _ set: inout SparseSet, _ stack: inout [Int32]) -> Bool {
        stack.removeAll(keepingCapacity: true)
        stack.append(Int32(pc))
        while let top = stack.popLast() {
            let pc = Int(top)
            if set.contains(pc) { continue }
            set.insert(pc)
            switch ops[pc] {
            case .byte: break
            case .split: stack.append(second[pc]); stack.append(first[pc])
            case .jump: stack.append(first[pc])
            case .assertion:
                let previous = position > 0 ? text[position - 1] : nil
                let next = position < text.count ? text[position] : nil
                if assertions[Int(first[pc])].holds(previous: previous, next: next) { stack.append(Int32(pc + 1)) }
            case .match: return true
            }
        }
        return false
    }
}

/// A set of small integers with O(1) insert, membership and clear
/// (Briggs & Torczon), the thread list of the Pike VM.
struct SparseSet {
    private(set) var dense: [Int32]
    private var sparse: [Int32]
    private(set) var count = 0

    init(capacity: Int) {
        dense = [Int32](repeating: 0, count: capacity)
        sparse = [Int32](repeating: 0, count: capacity)
    }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    func contains(_ value: Int) -> Bool {
        let index = Int(sparse[value])
        return index < count && dense[index] == Int32(value)
    }

    @inline(__always)
    mutating func insert(_ value: Int) {
        dense[count] = Int32(value)
        sparse[value] = Int32(count)
        count += 1
    }

    mutating func removeAll() { count = 0 }
}
