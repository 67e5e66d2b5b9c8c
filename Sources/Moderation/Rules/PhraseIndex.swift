/// The phrase and word keywords of a rule set in one `PhraseAutomaton`, with
/// for each keyword the rules it stands for, in which view, and whether its
/// ends need a word boundary (an end needs one when its byte is a word byte:
/// "demo" does not match in "demos", "€ 5" needs none before the "€").
final class PhraseIndex: Sendable {
    static let textView: UInt8 = 1
    static let skeletonView: UInt8 = 2

    private let automaton: PhraseAutomaton
    private let boundaryFlags: [UInt8]  // 1: start needs a boundary, 2: end does
    private let referenceStart: [Int32]
    private let referenceRules: [Int32]
    private let referenceViews: [UInt8]
    /// What a found keyword needs, in one place (one cache line, not five
    /// arrays: at 10,000 phrases an occurrence mostly misses the caches).
    private let keywordInfo: [KeywordInfo]

    struct KeywordInfo {
        var length: Int32
        /// The rule when the keyword stands for exactly one, else -1
        /// (`referenceRules[referenceStart[k]..<referenceStart[k + 1]]`).
        var rule: Int32
        /// 1: the start needs a word boundary, 2: the end does.
        var flags: UInt8
        /// The views of `rule`.
        var views: UInt8
    }

    /// States of the automaton.
    var stateCount: Int { automaton.stateCount }

    /// Lanes the automaton steps at once (six or eight).
    var laneCount: Int { automaton.laneCount }

    private init(automaton: PhraseAutomaton, boundaryFlags: [UInt8], referenceStart: [Int32],
                 referenceRules: [Int32], referenceViews: [UInt8]) {
        self.automaton = automaton
        self.boundaryFlags = boundaryFlags
        self.referenceStart = referenceStart
        self.referenceRules = referenceRules
        self.referenceViews = referenceViews
        self.keywordInfo = boundaryFlags.indices.map { k in
            let single = referenceStart[k + 1] - referenceStart[k] == 1
            return KeywordInfo(length: automaton.keywordLengths[k], rule: single ? referenceRules[Int(referenceStart[k])] : -1,
                               flags: boundaryFlags[k], views: single ? referenceViews[Int(referenceStart[k])] : 0)
        }
    }

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
    /// skeleton view (keywords of the skeleton view); `skeleton` nil: the
    /// same bytes as `text`.
    ///
    /// The text is cut into up to `laneCount` (six or eight) lanes scanned
    /// in lock step, overlapping or handing over to the next (`withLanes`:
    /// no occurrence is cut in two; one found twice is marked twice,
    /// harmlessly).
    /// The skeleton is mostly the text's own bytes (it differs around
    /// leetspeak and joined letters): the two are aligned into stretches of
    /// equal bytes, an occurrence in the text with a byte of the same
    /// stretch on each side counts for both views, and the skeleton is
    /// scanned only where it differs, its scan jumping over each long
    /// stretch with the text scan's state (`PhraseAutomaton.scan(_:skipping:rows:_:)`).
    func scan(text: UnsafeBufferPointer<UInt8>, skeleton: UnsafeBufferPointer<UInt8>?, into matched: MatchedRules) {
        let both = Self.textView | Self.skeletonView
        guard let skeleton else {
            withLanes(over: text, checkpoints: UnsafeBufferPointer(start: nil, count: 0)) { lanes in
                automaton.scan(lanes, checkpoints: UnsafeBufferPointer(start: nil, count: 0),
                               rows: UnsafeMutableBufferPointer(start: nil, count: 0)) { _, keyword, end in
                    let info = keywordInfo[keyword]
                    if onBoundaries(text, info, end) { mark(keyword, info, both, matched) }
                }
            }
            return
        }
        ViewAlignment.with(text: text, skeleton: skeleton, checkpointStretch: Self.checkpointStretch) { alignment in
            let positions = alignment.checkpoints
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: positions.count) { rows in
                rows.initialize(repeating: 0)
                let maximumLength = automaton.maximumKeywordLength
                withLanes(over: text, checkpoints: positions) { lanes in
                    // Per lane, the stretch to look from (ends come in
                    // order), found at its first occurrence (-1: not yet).
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: lanes.count) { cursors in
                        cursors.initialize(repeating: -1)
                        automaton.scan(lanes, checkpoints: positions, rows: rows) { lane, keyword, end in
                            let info = keywordInfo[keyword]
                            guard onBoundaries(text, info, end) else { return }
                            if cursors[lane] < 0 { cursors[lane] = alignment.firstStretch(endingAfter: lanes[lane].start) }
                            let same = alignment.sameInSkeleton(text.count, end - Int(info.length), end,
                                                                cursor: &cursors[lane], maximumLength: maximumLength)
                            mark(keyword, info, same ? both : Self.textView, matched)
                        }
                    }
                }
                automaton.scan(skeleton, skipping: alignment.stretches, rows: UnsafeBufferPointer(rows)) { keyword, end in
                    let info = keywordInfo[keyword]
                    if onBoundaries(skeleton, info, end) { mark(keyword, info, Self.skeletonView, matched) }
                }
            }
        }
    }

    /// Stretches at least this long get a checkpoint in the text scan.
    static let checkpointStretch = 12

    /// Whether the occurrence of `info`'s keyword ending at `end` in
    /// `buffer` has word boundaries where the keyword needs them.
    @inline(__always)
    private func onBoundaries(_ buffer: UnsafeBufferPointer<UInt8>, _ info: KeywordInfo, _ end: Int) -> Bool {
        let start = end - Int(info.length)
        if info.flags & 1 != 0 && start > 0 && RuleBytes.isWord(buffer[start - 1]) { return false }
        if info.flags & 2 != 0 && end < buffer.count && RuleBytes.isWord(buffer[end]) { return false }
        return true
    }

    /// Marks the rules of `keyword` in `views`.
    @inline(__always)
    private func mark(_ keyword: Int, _ info: KeywordInfo, _ views: UInt8, _ matched: MatchedRules) {
        if info.rule >= 0 {
            if info.views & views != 0 { matched.set(Int(info.rule)) }
            return
        }
        for k in Int(referenceStart[keyword])..<Int(referenceStart[keyword + 1]) where referenceViews[k] & views != 0 {
            matched.set(Int(referenceRules[k]))
        }
    }

    /// Up to `laneCount` lanes over `buffer`, each with the checkpoints
    /// (ascending positions) of its part. Every lane has the same number of
    /// bytes, so the lock step covers them all.
    ///
    /// A lane but the first starts a longest keyword before its part, so
    /// that its state there is the true one (the last lane starts as much
    /// earlier as it needs); in a short text there are fewer lanes, each
    /// longer than that overlap. When a longest keyword is long and the
    /// text holds every lane, a lane starts at its part instead, from the
    /// root, and the lane before goes
    /// `handOverBytes` into it and hands over to it
    /// (`PhraseAutomaton.Lane.handsOver`): mostly the next lane has caught
    /// up by then (it has once the true state begins in its part), so the
    /// lanes share 16 bytes, not a longest keyword.
    @inline(__always)
    private func withLanes(over buffer: UnsafeBufferPointer<UInt8>, checkpoints: UnsafeBufferPointer<Int>,
                           _ body: (UnsafeBufferPointer<PhraseAutomaton.Lane>) -> Void) {
        let longest = automaton.maximumKeywordLength
        let most = automaton.laneCount
        let parts: Int
        let handsOver: Bool
        if buffer.count >= most * max(64, 2 * longest) {
            // Every lane, each part at least two longest keywords long.
            // Handing over pays when a longest keyword is long: a short one
            // is cheaper to step through than to check.
            parts = most
            handsOver = longest >= 2 * Self.handOverBytes
        } else {
            // A short text: overlapping lanes, as many as leave each at least
            // `shortLaneBytes` of its own after the overlap. The lock step
            // costs about the same for any number of lanes up to `most`, and
            // one lane alone steps a byte at a time (a 128-byte text took
            // two and a half times as long per byte as a 1 KiB one).
            parts = max(1, min(most, (buffer.count - longest) / Self.shortLaneBytes))
            handsOver = false
        }
        withUnsafeTemporaryAllocation(of: PhraseAutomaton.Lane.self, capacity: PhraseAutomaton.maximumLanes) { lanes in
            if handsOver {
                let part = Self.divide(buffer.count + parts - 1, by: parts)
                let beyond = Self.handOverBytes
                var first = 0
                for index in 0..<parts {
                    let last = index == parts - 1
                    let start = index * part
                    let end = last ? buffer.count : start + part + beyond
                    // Its part's checkpoints but those the lane before
                    // records, and those of the bytes it goes on into.
                    let lower = first
                    let upper = last ? checkpoints.count : Self.firstIndex(in: checkpoints, from: lower, notBelow: end)
                    first = upper
                    lanes.initializeElement(at: index, to: .init(text: buffer, start: last ? buffer.count - part - beyond : start,
                                                                 end: end, checkpoints: lower..<upper, handsOver: !last))
                }
            } else {
                let length = Self.divide(buffer.count + (parts - 1) * longest + parts - 1, by: parts)
                var first = 0
                for index in 0..<parts {
                    let last = index == parts - 1
                    let start = last ? buffer.count - length : index * (length - longest)
                    let end = last ? buffer.count : start + length
                    let upper = last ? checkpoints.count : Self.firstIndex(in: checkpoints, from: first, notBelow: end)
                    lanes.initializeElement(at: index, to: .init(text: buffer, start: start, end: end,
                                                                 checkpoints: first..<upper))
                    first = upper
                }
            }
            body(UnsafeBufferPointer(rebasing: lanes[..<parts]))
        }
    }

    /// `value / parts`, by a multiplication for the lane counts an
    /// automaton chooses (six or eight).
    @inline(__always)
    private static func divide(_ value: Int, by parts: Int) -> Int {
        switch parts {
        case 6: value / 6
        case 8: value / 8
        default: value / parts
        }
    }

    /// In a short text, the bytes each lane has beyond the longest keyword
    /// it overlaps the next by.
    static let shortLaneBytes = 16

    /// How far a lane goes into the next before it looks whether the next
    /// has caught up.
    static let handOverBytes = 16

    /// The first index from `first` on of the ascending `positions` whose
    /// position is not below `limit`: counted one by one over a short rest
    /// (one well-predicted branch each, where a binary search mispredicts
    /// about half its steps), by `countBelow` over a long one.
    @inline(__always)
    private static func firstIndex(in positions: UnsafeBufferPointer<Int>, from first: Int, notBelow limit: Int) -> Int {
        let count = positions.count
        if count &- first > 32 {
            return first &+ countBelow(count &- first, limit) { positions[first &+ $0] }
        }
        var index = first
        while index < count && positions[index] < limit { index &+= 1 }
        return index
    }
}

/// The text view and the skeleton view in stretches of equal bytes, in
/// order in both (found greedily: equal bytes pair up; otherwise a space
/// or separator of the text is taken as removed, any other byte as
/// replaced). Any such pairing is correct for `PhraseIndex.scan`; a good
/// one (the skeleton removes only spaces and separators, and replaces
/// leetspeak) makes the skeleton scan short.
struct ViewAlignment {
    /// The stretches: `start` in the skeleton, `other` in the text; those
    /// of `checkpointStretch` bytes or more have a checkpoint.
    let stretches: UnsafeBufferPointer<PhraseAutomaton.Stretch>
    /// The text positions of the checkpoints: each long stretch's last byte.
    let checkpoints: UnsafeBufferPointer<Int>
    /// Skeleton bytes are left after the text's last: the text's end is
    /// not the skeleton's.
    let textEndDiffers: Bool

    /// Aligns `text` and `skeleton` and calls `body` with the alignment,
    /// valid during the call only (its lists start on the stack, 1 KiB
    /// each, the most `withUnsafeTemporaryAllocation` takes there without
    /// asking the runtime: about two stretches per number or leetspeak
    /// word, so a post of 1–2 KiB needs no heap).
    static func with<R>(text: UnsafeBufferPointer<UInt8>, skeleton: UnsafeBufferPointer<UInt8>,
                        checkpointStretch: Int = .max, _ body: (ViewAlignment) -> R) -> R {
        withUnsafeTemporaryAllocation(of: PhraseAutomaton.Stretch.self, capacity: 32) { stretchRoom in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 32) { checkpointRoom in
                var stretches = ScratchBuffer(borrowing: stretchRoom.baseAddress!, capacity: stretchRoom.count)
                var checkpoints = ScratchBuffer(borrowing: checkpointRoom.baseAddress!, capacity: checkpointRoom.count)
                let textEndDiffers = align(text, skeleton, checkpointStretch, &stretches, &checkpoints)
                return body(ViewAlignment(stretches: stretches.elements, checkpoints: checkpoints.elements,
                                          textEndDiffers: textEndDiffers))
            }
        }
    }

    private init(stretches: UnsafeBufferPointer<PhraseAutomaton.Stretch>, checkpoints: UnsafeBufferPointer<Int>,
                 textEndDiffers: Bool) {
        self.stretches = stretches
        self.checkpoints = checkpoints
        self.textEndDiffers = textEndDiffers
    }

    /// Appends the stretches and checkpoints; returns `textEndDiffers`.
    private static func align(_ text: UnsafeBufferPointer<UInt8>, _ skeleton: UnsafeBufferPointer<UInt8>,
                              _ checkpointStretch: Int, _ stretches: inout ScratchBuffer<PhraseAutomaton.Stretch>,
                              _ checkpoints: inout ScratchBuffer<Int>) -> Bool {
        let textCount = text.count
        let skeletonCount = skeleton.count
        if textCount == skeletonCount {
            alignInPlace(text, skeleton, checkpointStretch, &stretches, &checkpoints)
            return false
        }
        var i = 0
        var j = 0
        while i < textCount && j < skeletonCount {
            if text[i] == skeleton[j] {
                let first = i
                let firstInSkeleton = j
                // Sixteen bytes at a time (SIMD16: SSE2), to the first difference.
                while textCount &- i >= 16 && skeletonCount &- j >= 16 {
                    let a = UnsafeRawPointer(text.baseAddress! + i).loadUnaligned(as: SIMD16<UInt8>.self)
                    let b = UnsafeRawPointer(skeleton.baseAddress! + j).loadUnaligned(as: SIMD16<UInt8>.self)
                    let differ = unsafeBitCast(a ^ b, to: SIMD2<UInt64>.self)
                    if differ[0] != 0 {
                        let equal = differ[0].trailingZeroBitCount >> 3
                        i &+= equal
                        j &+= equal
                        break
                    }
                    if differ[1] != 0 {
                        let equal = 8 &+ differ[1].trailingZeroBitCount >> 3
                        i &+= equal
                        j &+= equal
                        break
                    }
                    i &+= 16
                    j &+= 16
                }
                while i < textCount && j < skeletonCount && text[i] == skeleton[j] {
                    i &+= 1
                    j &+= 1
                }
                let count = i - first
                var checkpoint = -1
                if count >= checkpointStretch {
                    checkpoint = checkpoints.count
                    checkpoints.append(i - 1)
                }
                stretches.append(.init(start: firstInSkeleton, count: count, checkpoint: checkpoint, other: first))
            } else {
                switch text[i] {
                case 0x20, 0x2E, 0x2D, 0x5F, 0x2A, 0x7C, 0x2F: i += 1  // space . - _ * | /
                default: i += 1; j += 1
                }
            }
        }
        return j < skeletonCount
    }

    /// Views of the same length (the skeleton only replaced bytes: leetspeak,
    /// as in every number; most texts): the stretches are the runs of equal
    /// bytes at equal positions, found eight bytes at a time (a word of
    /// equal bytes costs one compare; each differing byte one bit search).
    private static func alignInPlace(_ text: UnsafeBufferPointer<UInt8>, _ skeleton: UnsafeBufferPointer<UInt8>,
                                     _ checkpointStretch: Int, _ stretches: inout ScratchBuffer<PhraseAutomaton.Stretch>,
                                     _ checkpoints: inout ScratchBuffer<Int>) {
        let count = text.count
        var runStart = 0
        @inline(__always) func close(_ end: Int) {
            guard end > runStart else { return }
            var checkpoint = -1
            if end - runStart >= checkpointStretch {
                checkpoint = checkpoints.count
                checkpoints.append(end - 1)
            }
            stretches.append(.init(start: runStart, count: end - runStart, checkpoint: checkpoint, other: runStart))
        }
        var i = 0
        while count &- i >= 8 {
            var differ = UInt64(littleEndian: UnsafeRawPointer(text.baseAddress! + i).loadUnaligned(as: UInt64.self))
                ^ UInt64(littleEndian: UnsafeRawPointer(skeleton.baseAddress! + i).loadUnaligned(as: UInt64.self))
            while differ != 0 {
                // The lowest set byte is the first differing one.
                let byte = differ.trailingZeroBitCount >> 3
                close(i &+ byte)
                runStart = i &+ byte &+ 1
                differ &= ~(0xFF << UInt64(byte << 3))
            }
            i &+= 8
        }
        while i < count {
            if text[i] != skeleton[i] {
                close(i)
                runStart = i + 1
            }
            i += 1
        }
        close(count)
    }

    /// The first stretch ending after text position `position`.
    func firstStretch(endingAfter position: Int) -> Int {
        countBelow(stretches.count, position &+ 1) { stretches[$0].other &+ stretches[$0].count }
    }

    /// Whether `start..<end` of the text, with the byte before and after
    /// it (when the text has them), lies in one stretch: then the skeleton
    /// has the same bytes with the same neighbours (or the same ends).
    /// `cursor`: a stretch index at or before the one that holds
    /// `end - maximumLength - 1`, moved along as `end` grows.
    @inline(__always)
    func sameInSkeleton(_ textCount: Int, _ start: Int, _ end: Int, cursor: inout Int, maximumLength: Int) -> Bool {
        if end == textCount && textEndDiffers { return false }
        let low = max(start - 1, 0)
        let high = min(end + 1, textCount)
        let earliest = end - maximumLength - 1
        let count = stretches.count
        while cursor < count && stretches[cursor].other + stretches[cursor].count <= earliest { cursor += 1 }
        var index = cursor
        while index < count && stretches[index].other + stretches[index].count <= low { index += 1 }
        return index < count && stretches[index].other <= low && high <= stretches[index].other + stretches[index].count
    }
}

/// The domain patterns of a rule set in one `PhraseAutomaton`, run over the
/// host view (`DomainPattern.hostView`).
struct DomainIndex: Sendable {
    private let automaton: PhraseAutomaton
    private let rulesOfKeyword: [[Int32]]

    struct Builder {
        private var domains = KeywordOwners()

        var isEmpty: Bool { domains.keywords.isEmpty }

        mutating func add(_ domain: [UInt8], rule: Int) {
            domains.add(domain, owner: rule)
        }

        func build() -> DomainIndex? {
            guard !isEmpty, let automaton = PhraseAutomaton(keywords: domains.keywords) else { return nil }
            return DomainIndex(automaton: automaton, rulesOfKeyword: domains.owners)
        }
    }

    func scan(_ view: UnsafeBufferPointer<UInt8>, into matched: MatchedRules) {
        let lengths = automaton.keywordLengths
        automaton.scan(view) { keyword, end in
            guard DomainPattern.standsAlone(view, start: end - Int(lengths[keyword]), end: end) else { return }
            for rule in rulesOfKeyword[keyword] { matched.set(Int(rule)) }
        }
    }
}

/// Distinct keywords for one `PhraseAutomaton`, each with the owners that
/// added it (rules, regexes), in the order first added.
struct KeywordOwners {
    private var index: [[UInt8]: Int] = [:]
    private(set) var keywords: [[UInt8]] = []
    /// `owners[k]`: who added `keywords[k]`.
    private(set) var owners: [[Int32]] = []

    mutating func add(_ keyword: [UInt8], owner: Int) {
        if let known = index[keyword] {
            owners[known].append(Int32(owner))
        } else {
            index[keyword] = keywords.count
            keywords.append(keyword)
            owners.append([Int32(owner)])
        }
    }
}

/// How many of `count` elements, whose keys (`key(index)`) ascend, have a
/// key below `limit`: a binary search. Its steps' outcomes are coin tosses
/// to the branch predictor, and the compiler branches on them (it turns a
/// select, even one masked by hand, back into a branch), so short lists are
/// better walked (`PhraseIndex.firstIndex`) or not searched at all.
@inline(__always)
func countBelow(_ count: Int, _ limit: Int, _ key: (Int) -> Int) -> Int {
    var base = 0
    var remaining = count
    while remaining > 1 {
        let half = remaining >> 1
        if key(base &+ half) < limit { base &+= half }
        remaining &-= half
    }
    return remaining == 1 && key(base) < limit ? base &+ 1 : base
}
