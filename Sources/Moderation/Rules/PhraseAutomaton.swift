/// An Aho–Corasick automaton over bytes with a dense transition table: every
/// state has one row of `classCount` entries (bytes that occur in no keyword
/// share one class), so scanning costs one table lookup per byte however
/// many keywords there are. Failure links are folded into the table at build
/// time (a DFA); a set sign bit on an entry marks a target state that ends a
/// keyword (its own or through its dictionary-suffix link), the only case
/// that leaves the hot loop.
struct PhraseAutomaton: Sendable {
    /// At most this many table entries (`states × classes` Int32, 128 MiB).
    static let maximumEntries = 1 << 25

    /// Byte → class, premultiplied by nothing: an index into a row.
    private let classOf: [Int32]
    private let classCount: Int
    /// Entry = row offset of the target state (`state × classCount`), or
    /// its bitwise complement when the target ends a keyword.
    private let table: [Int32]
    /// Keywords ending exactly at each state: `outputs[outputStart[s]..<outputStart[s + 1]]`.
    private let outputStart: [Int32]
    private let outputs: [Int32]
    /// The nearest proper suffix state that ends a keyword (0: none).
    private let dictionaryLink: [Int32]
    /// Each keyword's length in bytes.
    let keywordLengths: [Int32]

    /// Number of states.
    var stateCount: Int { outputStart.count - 1 }

    /// Builds the automaton of `keywords` (non-empty, distinct), or nil
    /// when its table would have more than `maximumEntries` entries.
    init?(keywords: [[UInt8]]) {
        var used = [Bool](repeating: false, count: 256)
        for keyword in keywords { for byte in keyword { used[Int(byte)] = true } }
        var classOf = [Int32](repeating: 0, count: 256)
        var classCount = 1  // class 0: bytes in no keyword
        for byte in 0..<256 where used[byte] {
            classOf[byte] = Int32(classCount)
            classCount += 1
        }
        // The trie, in the dense table (0 = no edge; no edge leads to the root).
        var table = [Int32](repeating: 0, count: classCount)
        var ends: [[Int32]] = [[]]
        for (index, keyword) in keywords.enumerated() {
            var state = 0
            for byte in keyword {
                let slot = state * classCount + Int(classOf[Int(byte)])
                if table[slot] == 0 {
                    if (ends.count + 1) * classCount > Self.maximumEntries { return nil }
                    table[slot] = Int32(ends.count)
                    ends.append([])
                    table.append(contentsOf: repeatElement(0, count: classCount))
                }
                state = Int(table[slot])
            }
            ends[state].append(Int32(index))
        }
        let states = ends.count
        // Breadth first: failure links, then complete rows (goto ∪ failure).
        var failure = [Int32](repeating: 0, count: states)
        var dictionaryLink = [Int32](repeating: 0, count: states)
        var reportsSomething = [Bool](repeating: false, count: states)
        var queue: [Int32] = []
        queue.reserveCapacity(states)
        for c in 0..<classCount where table[c] != 0 { queue.append(table[c]) }
        for s in ends.indices where !ends[s].isEmpty { reportsSomething[s] = true }
        var head = 0
        while head < queue.count {
            let state = Int(queue[head])
            head += 1
            let fail = Int(failure[state])
            dictionaryLink[state] = ends[fail].isEmpty ? dictionaryLink[fail] : Int32(fail)
            if reportsSomething[fail] { reportsSomething[state] = true }
            for c in 0..<classCount {
                let slot = state * classCount + c
                let child = Int(table[slot])
                if child != 0 {
                    failure[child] = table[fail * classCount + c]
                    queue.append(Int32(child))
                } else {
                    table[slot] = table[fail * classCount + c]
                }
            }
        }
        // Encode: row offsets, complemented when the target reports.
        for slot in table.indices {
            let target = Int(table[slot])
            let row = Int32(target * classCount)
            table[slot] = reportsSomething[target] ? ~row : row
        }
        var outputStart: [Int32] = [0]
        var outputs: [Int32] = []
        for list in ends {
            outputs.append(contentsOf: list)
            outputStart.append(Int32(outputs.count))
        }
        self.classOf = classOf
        self.classCount = classCount
        self.table = table
        self.outputStart = outputStart
        self.outputs = outputs
        self.dictionaryLink = dictionaryLink
        self.keywordLengths = keywords.map { Int32($0.count) }
    }

    /// Calls `found(keyword, end)` for every occurrence of every keyword in
    /// `text` (`end` exclusive), overlapping ones included, in order of end.
    @inline(__always)
    func scan(_ text: UnsafeBufferPointer<UInt8>, _ found: (Int, Int) -> Void) {
        classOf.withUnsafeBufferPointer { classOf in
            table.withUnsafeBufferPointer { table in
                var row: Int32 = 0
                var i = 0
                let n = text.count
                while i < n {
                    let entry = table[Int(row) &+ Int(classOf[Int(text[i])])]
                    i &+= 1
                    if entry >= 0 {
                        row = entry
                        continue
                    }
                    row = ~entry
                    var state = Int(row) / classCount
                    while state != 0 {
                        for k in Int(outputStart[state])..<Int(outputStart[state + 1]) {
                            found(Int(outputs[k]), i)
                        }
                        state = Int(dictionaryLink[state])
                    }
                }
            }
        }
    }
}
