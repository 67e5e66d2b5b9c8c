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

    /// The longest keyword, in bytes.
    var maximumKeywordLength: Int { Int(keywordLengths.max() ?? 0) }

    /// One stretch of bytes to scan from the root state.
    struct Lane {
        var text: UnsafeBufferPointer<UInt8>
        var start: Int
        var end: Int
    }

    /// Calls `found(lane, keyword, end)` for every occurrence of every
    /// keyword inside each lane (`end` exclusive, an index into the lane's
    /// text). Up to four lanes are stepped in lock step: each step is one
    /// dependent table load per lane, and independent lanes let those loads
    /// (cache misses, on large automata) overlap instead of queueing.
    func scan(_ lanes: [Lane], _ found: (Int, Int, Int) -> Void) {
        precondition(lanes.count <= 4)
        classOf.withUnsafeBufferPointer { classOf in
            table.withUnsafeBufferPointer { table in
                let empty = Lane(text: UnsafeBufferPointer(start: nil, count: 0), start: 0, end: 0)
                let l0 = lanes.count > 0 ? lanes[0] : empty
                let l1 = lanes.count > 1 ? lanes[1] : empty
                let l2 = lanes.count > 2 ? lanes[2] : empty
                let l3 = lanes.count > 3 ? lanes[3] : empty
                var p0 = l0.start, p1 = l1.start, p2 = l2.start, p3 = l3.start
                var r0 = 0, r1 = 0, r2 = 0, r3 = 0
                let common = Swift.min(l0.end - p0, l1.end - p1, l2.end - p2, l3.end - p3)
                for _ in 0..<Swift.max(common, 0) {
                    let x0 = table[r0 &+ Int(classOf[Int(l0.text[p0])])]
                    let x1 = table[r1 &+ Int(classOf[Int(l1.text[p1])])]
                    let x2 = table[r2 &+ Int(classOf[Int(l2.text[p2])])]
                    let x3 = table[r3 &+ Int(classOf[Int(l3.text[p3])])]
                    p0 &+= 1; p1 &+= 1; p2 &+= 1; p3 &+= 1
                    if (x0 | x1 | x2 | x3) >= 0 {
                        r0 = Int(x0); r1 = Int(x1); r2 = Int(x2); r3 = Int(x3)
                        continue
                    }
                    r0 = Int(x0 >= 0 ? x0 : ~x0); if x0 < 0 { report(r0, 0, p0, found) }
                    r1 = Int(x1 >= 0 ? x1 : ~x1); if x1 < 0 { report(r1, 1, p1, found) }
                    r2 = Int(x2 >= 0 ? x2 : ~x2); if x2 < 0 { report(r2, 2, p2, found) }
                    r3 = Int(x3 >= 0 ? x3 : ~x3); if x3 < 0 { report(r3, 3, p3, found) }
                }
                finish(l0, from: p0, row: r0, lane: 0, classOf, table, found)
                finish(l1, from: p1, row: r1, lane: 1, classOf, table, found)
                finish(l2, from: p2, row: r2, lane: 2, classOf, table, found)
                finish(l3, from: p3, row: r3, lane: 3, classOf, table, found)
            }
        }
    }

    /// The rest of one lane, alone.
    @inline(__always)
    private func finish(_ lane: Lane, from start: Int, row: Int, lane index: Int,
                        _ classOf: UnsafeBufferPointer<Int32>, _ table: UnsafeBufferPointer<Int32>,
                        _ found: (Int, Int, Int) -> Void) {
        var row = row
        var i = start
        while i < lane.end {
            let entry = table[row &+ Int(classOf[Int(lane.text[i])])]
            i &+= 1
            if entry >= 0 {
                row = Int(entry)
                continue
            }
            row = Int(~entry)
            report(row, index, i, found)
        }
    }

    /// Every keyword ending at the state of `row` (its own, then along the
    /// dictionary-suffix links).
    @inline(__always)
    private func report(_ row: Int, _ lane: Int, _ end: Int, _ found: (Int, Int, Int) -> Void) {
        var state = row / classCount
        while state != 0 {
            for k in Int(outputStart[state])..<Int(outputStart[state + 1]) {
                found(lane, Int(outputs[k]), end)
            }
            state = Int(dictionaryLink[state])
        }
    }

    /// Calls `found(keyword, end)` for every occurrence of every keyword in
    /// `text` (`end` exclusive), overlapping ones included.
    func scan(_ text: UnsafeBufferPointer<UInt8>, _ found: (Int, Int) -> Void) {
        scan([Lane(text: text, start: 0, end: text.count)]) { _, keyword, end in found(keyword, end) }
    }
}
