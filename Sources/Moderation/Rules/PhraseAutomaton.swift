/// An Aho–Corasick automaton over bytes with a dense transition table: every
/// state has one row of `classCount` entries (bytes that occur in no keyword
/// share one class), so scanning costs one table lookup per byte however
/// many keywords there are. Failure links are folded into the table at build
/// time (a DFA); a set sign bit on an entry marks a target state that ends a
/// keyword (its own or through its dictionary-suffix link), the only case
/// that leaves the hot loop. A class: the engine is copied into closures,
/// and one reference is cheaper to copy than its many arrays.
final class PhraseAutomaton: Sendable {
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
    /// What reporting at a state reads, in one place (one cache line, not
    /// three arrays: at 10,000 phrases a report mostly misses the caches).
    private let reporting: [Reporting]

    struct Reporting {
        /// Row offset of `dictionaryLink` (0: none).
        var linkRow: Int32
        /// The keyword ending here when exactly one does, else -1.
        var only: Int32
        /// `outputs[start..<end]`: the keywords ending exactly here.
        var start: Int32
        var end: Int32
    }
    /// Each keyword's length in bytes.
    let keywordLengths: [Int32]
    /// The longest keyword's length in bytes (the deepest state's depth).
    let maximumKeywordLength: Int
    /// Each state's failure link, as a row offset (the root's: the root).
    private let failureRow: [Int32]
    /// Each state's depth (its distance from the root, in bytes).
    private let depthOf: [Int32]
    /// A row offset is `state × classCount`, and `classCount` is
    /// `odd << rowShift`: the state is `(row >> rowShift) × rowInverse`
    /// (the inverse of `odd` modulo 2⁶⁴), exact, without a division.
    private let rowShift: UInt
    private let rowInverse: UInt

    /// Lanes stepped in lock step. Six when the table fits the L2 cache:
    /// a step is then bound by its loads, and six rows and six text
    /// pointers stay in registers (with eight, the pointers are reloaded at
    /// every byte: a third more loads). Eight when it does not: a step
    /// then waits for cache misses, and more lanes overlap more of them.
    let laneCount: Int

    /// The most lanes any automaton steps.
    static let maximumLanes = 8

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
        var depth = [Int32](repeating: 0, count: states)
        var queue: [Int32] = []
        queue.reserveCapacity(states)
        for c in 0..<classCount where table[c] != 0 {
            queue.append(table[c])
            depth[Int(table[c])] = 1
        }
        for s in ends.indices where !ends[s].isEmpty { reportsSomething[s] = true }
        // Each state's children are queued together: `queue[firstChild[s]..<endChild[s]]`.
        var firstChild = [Int32](repeating: 0, count: states)
        var endChild = [Int32](repeating: 0, count: states)
        endChild[0] = Int32(queue.count)
        var head = 0
        while head < queue.count {
            let state = Int(queue[head])
            head += 1
            firstChild[state] = Int32(queue.count)
            defer { endChild[state] = Int32(queue.count) }
            let fail = Int(failure[state])
            dictionaryLink[state] = ends[fail].isEmpty ? dictionaryLink[fail] : Int32(fail)
            if reportsSomething[fail] { reportsSomething[state] = true }
            for c in 0..<classCount {
                let slot = state * classCount + c
                let child = Int(table[slot])
                if child != 0 {
                    depth[child] = depth[state] + 1
                    failure[child] = table[fail * classCount + c]
                    queue.append(Int32(child))
                } else {
                    table[slot] = table[fail * classCount + c]
                }
            }
        }
        // Renumber the states: the root and the states of depth 1 and 2
        // breadth first (ordinary text visits them most: they share cache
        // lines and pages), then depth first below each state of depth 2,
        // so that a keyword's path (one child after another, mostly) takes
        // consecutive rows: reading a word on such a path stays in the same
        // few pages instead of jumping between the levels of a breadth-first
        // table (TLB and cache misses on large automata).
        var order: [Int32] = [0]
        order.reserveCapacity(states)
        var shallowEnd = 0
        while shallowEnd < queue.count && depth[Int(queue[shallowEnd])] <= 2 { shallowEnd += 1 }
        order.append(contentsOf: queue[..<shallowEnd])
        var stack: [Int32] = []
        for top in queue[..<shallowEnd] where depth[Int(top)] == 2 {
            stack.append(contentsOf: queue[Int(firstChild[Int(top)])..<Int(endChild[Int(top)])].reversed())
            while let state = stack.popLast() {
                order.append(state)
                stack.append(contentsOf: queue[Int(firstChild[Int(state)])..<Int(endChild[Int(state)])].reversed())
            }
        }
        precondition(order.count == states, "every state is numbered once")
        var newIndex = [Int32](repeating: 0, count: states)
        for (position, state) in order.enumerated() { newIndex[Int(state)] = Int32(position) }
        // Encode: row offsets, complemented when the target reports.
        var encoded = [Int32](repeating: 0, count: table.count)
        for (position, state) in order.enumerated() {
            let from = Int(state) * classCount
            let to = position * classCount
            for c in 0..<classCount {
                let target = Int(table[from + c])
                let row = newIndex[target] * Int32(classCount)
                encoded[to + c] = reportsSomething[target] ? ~row : row
            }
        }
        table = encoded
        var outputStart: [Int32] = [0]
        var outputs: [Int32] = []
        var links = [Int32](repeating: 0, count: states)
        for (position, state) in order.enumerated() {
            outputs.append(contentsOf: ends[Int(state)])
            outputStart.append(Int32(outputs.count))
            links[position] = newIndex[Int(dictionaryLink[Int(state)])]
        }
        dictionaryLink = links
        var failureRow = [Int32](repeating: 0, count: states)
        var depthOf = [Int32](repeating: 0, count: states)
        let deepest = Int(depth.max() ?? 0)
        for (position, state) in order.enumerated() {
            failureRow[position] = newIndex[Int(failure[Int(state)])] * Int32(classCount)
            depthOf[position] = depth[Int(state)]
        }
        self.failureRow = failureRow
        self.depthOf = depthOf
        self.maximumKeywordLength = deepest
        self.classOf = classOf
        self.classCount = classCount
        self.table = table
        self.outputStart = outputStart
        self.outputs = outputs
        self.dictionaryLink = dictionaryLink
        self.reporting = (0..<states).map { state in
            let start = outputStart[state], end = outputStart[state + 1]
            return Reporting(linkRow: dictionaryLink[state] * Int32(classCount), only: end - start == 1 ? outputs[Int(start)] : -1,
                             start: start, end: end)
        }
        self.keywordLengths = keywords.map { Int32($0.count) }
        self.laneCount = table.count * MemoryLayout<Int32>.stride > 1 << 20 ? 8 : 6
        let shift = UInt(classCount.trailingZeroBitCount)
        let odd = UInt(classCount) >> shift
        // Newton's iteration doubles the correct low bits (odd × odd ≡ 1 mod 8: three to start).
        var inverse = odd
        for _ in 0..<5 { inverse = inverse &* (2 &- odd &* inverse) }
        precondition(odd &* inverse == 1, "an odd number has an inverse modulo 2^64")
        self.rowShift = shift
        self.rowInverse = inverse
    }

    /// The state whose row starts at offset `row`.
    @inline(__always)
    private func state(ofRow row: Int) -> Int {
        Int(bitPattern: (UInt(bitPattern: row) >> rowShift) &* rowInverse)
    }



    /// One stretch of bytes to scan from the root state, and where in it to
    /// record the state reached (for `scan(_:skipping:rows:_:)`).
    struct Lane {
        var text: UnsafeBufferPointer<UInt8>
        var start: Int
        var end: Int
        /// Indices into the `checkpoints` given to `scan`, whose positions
        /// (ascending, in `start...end`) want the row reached just before
        /// the byte at that position; the row goes to the same index of `rows`.
        var checkpoints: Range<Int> = 0..<0
        /// The next lane starts inside this one, from the root state, so
        /// its state is the true one only once the true state no longer
        /// reaches back before its start; this lane's state is the true one
        /// (it starts at the text's start or at least a longest keyword
        /// before the next lane). When the next lane has not caught up by
        /// this lane's end, this lane goes on alone until it has
        /// (`handOver`), reporting what ends there and recording the next
        /// lane's checkpoints there (again, with true rows).
        var handsOver = false
    }

    /// Calls `found(lane, keyword, end)` for every occurrence of every
    /// keyword inside each lane (`end` exclusive, an index into the lane's
    /// text). Up to `laneCount` lanes are stepped in lock step: each step is one
    /// dependent table load per lane, and independent lanes let those loads
    /// (cache misses, on large automata) overlap instead of queueing.
    func scan(_ lanes: [Lane], _ found: (Int, Int, Int) -> Void) {
        lanes.withUnsafeBufferPointer { lanes in
            scan(lanes, checkpoints: UnsafeBufferPointer(start: nil, count: 0),
                 rows: UnsafeMutableBufferPointer(start: nil, count: 0), found)
        }
    }

    /// The same, recording the row reached at each lane's checkpoints.
    /// A recorded row is the automaton's true state at that position when
    /// the lane started at least `maximumKeywordLength` bytes earlier, at
    /// the start of the text, or is handed over to (`Lane.handsOver`).
    func scan(_ lanes: UnsafeBufferPointer<Lane>, checkpoints: UnsafeBufferPointer<Int>,
              rows: UnsafeMutableBufferPointer<Int32>, _ found: (Int, Int, Int) -> Void) {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: Self.maximumLanes) { ends in
            run(lanes, checkpoints: checkpoints, rows: rows, ends: ends.baseAddress!, found)
            if lanes.count > 1 && lanes[0].handsOver {
                handOver(lanes, ends: ends.baseAddress!, checkpoints: checkpoints, rows: rows, found)
            }
        }
    }

    /// After the lock step: each lane that `handsOver` and ended at row
    /// `ends[k]` (the true state) goes on alone into the next lane until
    /// the next lane's state is the true one: when the true state is no
    /// deeper than the bytes the next lane has read (its state is the
    /// longest suffix of those that is a state). Mostly it already is.
    private func handOver(_ lanes: UnsafeBufferPointer<Lane>, ends: UnsafeMutablePointer<Int>,
                          checkpoints: UnsafeBufferPointer<Int>, rows: UnsafeMutableBufferPointer<Int32>,
                          _ found: (Int, Int, Int) -> Void) {
        depthOf.withUnsafeBufferPointer { depthOf in
            classOf.withUnsafeBufferPointer { classOf in
                table.withUnsafeBufferPointer { table in
                    for k in 0..<(lanes.count - 1) where lanes[k].handsOver {
                        let lane = lanes[k]
                        let next = lanes[k + 1]
                        precondition(next.start <= lane.end && lane.end <= next.end
                                     && next.text.baseAddress == lane.text.baseAddress,
                                     "a lane hands over to a later lane of the same text")
                        var row = ends[k]
                        var i = lane.end
                        if Int(depthOf[state(ofRow: row)]) <= i - next.start { continue }
                        // The next lane's checkpoints from here on.
                        let first = next.checkpoints.lowerBound
                        var cursor = first + countBelow(next.checkpoints.count, i) { checkpoints[first + $0] }
                        while i < next.end && Int(depthOf[state(ofRow: row)]) > i - next.start {
                            if cursor < next.checkpoints.upperBound && checkpoints[cursor] == i {
                                rows[cursor] = Int32(row)
                                cursor += 1
                            }
                            i &+= 1
                            step(&row, lane.text[i - 1], k, i, classOf, table, found)
                        }
                    }
                }
            }
        }
    }

    /// `scan`'s lock step; each lane's row at its end goes to `ends`.
    private func run(_ lanes: UnsafeBufferPointer<Lane>, checkpoints: UnsafeBufferPointer<Int>,
                     rows: UnsafeMutableBufferPointer<Int32>, ends: UnsafeMutablePointer<Int>,
                     _ found: (Int, Int, Int) -> Void) {
        precondition(lanes.count <= Self.maximumLanes)
        let n = lanes.count
        // Lanes in each step: this automaton's choice, or eight when given more.
        let width = n > 6 ? 8 : laneCount
        guard n > 0 else { return }
        classOf.withUnsafeBufferPointer { classOf in
            table.withUnsafeBufferPointer { table in
                if n == 1 {
                    // One lane (a short text): stepping seven copies of it in lock step would only cost.
                    ends[0] = finish(lanes[0], 0, from: lanes[0].start, row: 0,
                                     cursor: lanes[0].checkpoints.lowerBound, checkpoints, rows, classOf, table, found)
                    return
                }
                withUnsafeTemporaryAllocation(of: Int.self, capacity: 48) { scratch in
                    // Per lane (eight slots each, `LockStepSlots`): the next
                    // checkpoint's position relative to the lane's start
                    // (Int.max: none), its index, the row, the text (as an
                    // address), the end of its checkpoint indices, its start.
                    let slots = scratch.baseAddress!
                    let next = slots + LockStepSlots.next
                    let cursor = slots + LockStepSlots.cursor
                    let state = slots + LockStepSlots.row
                    let text = UnsafeMutableRawPointer(slots + LockStepSlots.text)
                        .assumingMemoryBound(to: UnsafePointer<UInt8>.self)
                    // Missing lanes repeat lane 0 (so the loop stays in lock
                    // step) and report and record nothing.
                    var common = Int.max
                    for k in 0..<width {
                        let lane = lanes[k < n ? k : 0]
                        common = min(common, lane.end - lane.start)
                        cursor[k] = lane.checkpoints.lowerBound
                        slots[LockStepSlots.upper + k] = lane.checkpoints.upperBound
                        slots[LockStepSlots.start + k] = lane.start
                        next[k] = k < n && !lane.checkpoints.isEmpty
                            ? checkpoints[lane.checkpoints.lowerBound] - lane.start : Int.max
                        state[k] = 0
                        // A lane with text has a base address; an empty one is never read.
                        text[k] = (lane.text.baseAddress ?? UnsafePointer(bitPattern: 1)!) + lane.start
                    }
                    common = max(0, common)
                    var i = 0
                    var stop = Self.nextStop(slots, common, width)
                    while i < common {
                        // Up to the next checkpoint, or a state that ends a keyword.
                        let reached = width == 6
                            ? Self.lockStep6(text, state, from: i, to: stop, classOf.baseAddress!, table.baseAddress!)
                            : Self.lockStep(text, state, from: i, to: stop, classOf.baseAddress!, table.baseAddress!)
                        i = reached < 0 ? ~reached : reached
                        if reached < 0 {
                            for k in 0..<width where state[k] < 0 {
                                state[k] = ~state[k]
                                if k < n { report(state[k], k, lanes[k].start + i, found) }
                            }
                        }
                        if i == stop && i < common {
                            stop = Self.record(slots, at: i, common, n, checkpoints.baseAddress, rows.baseAddress)
                        }
                    }
                    // The rest of each lane, alone.
                    for k in 0..<n {
                        ends[k] = finish(lanes[k], k, from: lanes[k].start + common, row: state[k], cursor: cursor[k],
                                         checkpoints, rows, classOf, table, found)
                    }
                }
            }
        }
    }

    /// Where `scan`'s scratch holds each lane's values, eight slots each.
    private enum LockStepSlots {
        static let next = 0, cursor = 8, row = 16, text = 24, upper = 32, start = 40
    }

    /// Steps eight lanes (texts `text[k]`, rows `rows[k]`) in lock step from
    /// `i` to `stop` and returns `stop`, or until a step reaches a state that
    /// ends a keyword: then the rows of that step are stored as found
    /// (complemented for those to report) and the index after it is
    /// returned complemented. Each step is one dependent table load per
    /// lane; the lanes' loads overlap. On its own so that the rows stay in
    /// registers.
    @inline(never)
    private static func lockStep(_ text: UnsafeMutablePointer<UnsafePointer<UInt8>>, _ rows: UnsafeMutablePointer<Int>,
                                 from start: Int, to stop: Int,
                                 _ classOf: UnsafePointer<Int32>, _ table: UnsafePointer<Int32>) -> Int {
        var r0 = rows[0], r1 = rows[1], r2 = rows[2], r3 = rows[3]
        var r4 = rows[4], r5 = rows[5], r6 = rows[6], r7 = rows[7]
        var i = start
        var reported = false
        while i < stop {
            let x0 = table[r0 &+ Int(classOf[Int(text[0][i])])]
            let x1 = table[r1 &+ Int(classOf[Int(text[1][i])])]
            let x2 = table[r2 &+ Int(classOf[Int(text[2][i])])]
            let x3 = table[r3 &+ Int(classOf[Int(text[3][i])])]
            let x4 = table[r4 &+ Int(classOf[Int(text[4][i])])]
            let x5 = table[r5 &+ Int(classOf[Int(text[5][i])])]
            let x6 = table[r6 &+ Int(classOf[Int(text[6][i])])]
            let x7 = table[r7 &+ Int(classOf[Int(text[7][i])])]
            i &+= 1
            r0 = Int(x0); r1 = Int(x1); r2 = Int(x2); r3 = Int(x3)
            r4 = Int(x4); r5 = Int(x5); r6 = Int(x6); r7 = Int(x7)
            if (x0 | x1 | x2 | x3 | x4 | x5 | x6 | x7) < 0 { reported = true; break }
        }
        rows[0] = r0; rows[1] = r1; rows[2] = r2; rows[3] = r3
        rows[4] = r4; rows[5] = r5; rows[6] = r6; rows[7] = r7
        return reported ? ~i : i
    }

    /// The same with six lanes (`laneCount`).
    @inline(never)
    private static func lockStep6(_ text: UnsafeMutablePointer<UnsafePointer<UInt8>>, _ rows: UnsafeMutablePointer<Int>,
                                  from start: Int, to stop: Int,
                                  _ classOf: UnsafePointer<Int32>, _ table: UnsafePointer<Int32>) -> Int {
        var r0 = rows[0], r1 = rows[1], r2 = rows[2], r3 = rows[3], r4 = rows[4], r5 = rows[5]
        let t0 = text[0], t1 = text[1], t2 = text[2], t3 = text[3], t4 = text[4], t5 = text[5]
        var i = start
        var reported = false
        while i < stop {
            let x0 = table[r0 &+ Int(classOf[Int(t0[i])])]
            let x1 = table[r1 &+ Int(classOf[Int(t1[i])])]
            let x2 = table[r2 &+ Int(classOf[Int(t2[i])])]
            let x3 = table[r3 &+ Int(classOf[Int(t3[i])])]
            let x4 = table[r4 &+ Int(classOf[Int(t4[i])])]
            let x5 = table[r5 &+ Int(classOf[Int(t5[i])])]
            i &+= 1
            r0 = Int(x0); r1 = Int(x1); r2 = Int(x2); r3 = Int(x3); r4 = Int(x4); r5 = Int(x5)
            if (x0 | x1 | x2 | x3 | x4 | x5) < 0 { reported = true; break }
        }
        rows[0] = r0; rows[1] = r1; rows[2] = r2; rows[3] = r3; rows[4] = r4; rows[5] = r5
        return reported ? ~i : i
    }

    /// The nearest next checkpoint of any lane, or `common`.
    @inline(__always)
    private static func nextStop(_ slots: UnsafeMutablePointer<Int>, _ common: Int, _ width: Int) -> Int {
        var stop = common
        for k in 0..<width { stop = min(stop, slots[LockStepSlots.next + k]) }
        return stop
    }

    /// Records the row (stored in the slots) of each lane with a checkpoint
    /// at `i`, moves those lanes to their next checkpoint, and returns the
    /// next stop.
    @inline(__always)
    private static func record(_ slots: UnsafeMutablePointer<Int>, at i: Int, _ common: Int, _ n: Int,
                               _ checkpoints: UnsafePointer<Int>?, _ recorded: UnsafeMutablePointer<Int32>?) -> Int {
        var stop = common
        for k in 0..<n {
            if slots[LockStepSlots.next + k] == i {
                let cursor = slots[LockStepSlots.cursor + k]
                recorded![cursor] = Int32(truncatingIfNeeded: slots[LockStepSlots.row + k])
                slots[LockStepSlots.cursor + k] = cursor + 1
                slots[LockStepSlots.next + k] = cursor + 1 < slots[LockStepSlots.upper + k]
                    ? checkpoints![cursor + 1] - slots[LockStepSlots.start + k] : Int.max
            }
            stop = min(stop, slots[LockStepSlots.next + k])
        }
        return stop
    }

    /// The rest of one lane, alone; returns the row at its end.
    @inline(__always)
    private func finish(_ lane: Lane, _ index: Int, from start: Int, row: Int, cursor: Int,
                        _ checkpoints: UnsafeBufferPointer<Int>, _ rows: UnsafeMutableBufferPointer<Int32>,
                        _ classOf: UnsafeBufferPointer<Int32>, _ table: UnsafeBufferPointer<Int32>,
                        _ found: (Int, Int, Int) -> Void) -> Int {
        var row = row
        var i = start
        var cursor = cursor
        while true {
            while cursor < lane.checkpoints.upperBound && checkpoints[cursor] == i {
                rows[cursor] = Int32(row)
                cursor += 1
            }
            if i >= lane.end { break }
            i &+= 1
            step(&row, lane.text[i - 1], index, i, classOf, table, found)
        }
        return row
    }

    /// One byte from `row`: the next row, and what ends there reported
    /// for `lane` at `end` (the index after the byte).
    @inline(__always)
    private func step(_ row: inout Int, _ byte: UInt8, _ lane: Int, _ end: Int,
                      _ classOf: UnsafeBufferPointer<Int32>, _ table: UnsafeBufferPointer<Int32>,
                      _ found: (Int, Int, Int) -> Void) {
        let entry = table[row &+ Int(classOf[Int(byte)])]
        if entry >= 0 {
            row = Int(entry)
        } else {
            row = Int(~entry)
            report(row, lane, end, found)
        }
    }

    /// Every keyword ending at the state of `row` (its own, then along the
    /// dictionary-suffix links).
    @inline(__always)
    private func report(_ row: Int, _ lane: Int, _ end: Int, _ found: (Int, Int, Int) -> Void) {
        var state = self.state(ofRow: row)
        while true {
            let here = reporting[state]
            if here.only >= 0 {
                found(lane, Int(here.only), end)
            } else {
                for k in Int(here.start)..<Int(here.end) { found(lane, Int(outputs[k]), end) }
            }
            if here.linkRow == 0 { break }
            state = self.state(ofRow: Int(here.linkRow))
        }
    }

    /// Calls `found(keyword, end)` for every occurrence of every keyword in
    /// `text` (`end` exclusive), overlapping ones included.
    func scan(_ text: UnsafeBufferPointer<UInt8>, _ found: (Int, Int) -> Void) {
        scan([Lane(text: text, start: 0, end: text.count)]) { _, keyword, end in found(keyword, end) }
    }

    /// A stretch of a text that `scan(_:skipping:rows:_:)` may skip: its
    /// bytes are the same as those of a stretch of another text already
    /// scanned, whose row just before the stretch's last byte is
    /// `rows[checkpoint]` (-1: not recorded, scan the stretch).
    struct Stretch {
        var start: Int
        var count: Int
        var checkpoint: Int
        /// Where the same bytes start in the other text (for the caller).
        var other: Int = 0
    }

    /// Calls `found(keyword, end)` for every occurrence in `text` that is
    /// not entirely inside one of `stretches` (ascending, disjoint) with a
    /// byte of that stretch on each side, where it occurs in the other text
    /// too (more may be reported). Inside a stretch the scan stops once its
    /// state no longer reaches back to the stretch's first byte, and goes on
    /// from the stretch's last byte with the other text's recorded state,
    /// cut back along failure links to what fits in the stretch: from there
    /// on the two texts have the same bytes, so the state is the same.
    func scan(_ text: UnsafeBufferPointer<UInt8>, skipping stretches: UnsafeBufferPointer<Stretch>,
              rows: UnsafeBufferPointer<Int32>, _ found: (Int, Int) -> Void) {
        classOf.withUnsafeBufferPointer { classOf in
            table.withUnsafeBufferPointer { table in
                depthOf.withUnsafeBufferPointer { depthOf in
                    var row = 0
                    var p = 0
                    @inline(__always) func step() {
                        p &+= 1
                        self.step(&row, text[p - 1], 0, p, classOf, table) { _, keyword, end in found(keyword, end) }
                    }
                    for stretch in stretches {
                        while p < stretch.start { step() }
                        let end = stretch.start + stretch.count
                        if stretch.checkpoint >= 0 {
                            while p < end - 1 {
                                step()
                                // Depth below the bytes read: nothing reaches the first.
                                if Int(depthOf[state(ofRow: row)]) < p - stretch.start {
                                    var other = Int(rows[stretch.checkpoint])
                                    // The state is the longest suffix that is a state, and
                                    // it fits in the stretch's first `count - 1` bytes.
                                    while Int(depthOf[state(ofRow: other)]) >= stretch.count {
                                        other = Int(failureRow[state(ofRow: other)])
                                    }
                                    row = other
                                    p = end - 1
                                    break
                                }
                            }
                        }
                        while p < end { step() }
                    }
                    while p < text.count { step() }
                }
            }
        }
    }
}
