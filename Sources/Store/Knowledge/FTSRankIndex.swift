import CSQLite
import Foundation

/// An in-memory copy of one FTS5 table's postings (term → the documents
/// holding it, with the column-weighted frequency), built from its
/// `fts5vocab` instance view, to rank a query by FTS5's own bm25 without
/// asking FTS5 to score every match.
///
/// FTS5 ranks `ORDER BY bm25(t, w…)` by calling its bm25 for every matching
/// row, which reads each row's position lists and its size record: about a
/// microsecond per row per phrase, so a query of common words over 100,000
/// documents costs tens of milliseconds. Here the same formula runs over
/// flat arrays (sqlite.org/src/file/ext/fts5/fts5_aux.c, `fts5Bm25Function`):
///
///     idf(p)   = ln((N − n(p) + 0.5) / (n(p) + 0.5)), or 1e-6 when ≤ 0
///     f(p, d)  = Σ over p's instances in d of the weight of their column
///     score(d) = Σ over the query's phrases p, in order,
///                idf(p) · f(p, d) · (k1 + 1) / (f(p, d) + k1 · (1 − b + b · |d| / avgdl))
///     rank     = −score       (k1 = 1.2, b = 0.75; |d| tokens in all columns)
///
/// with the same operations in the same order, so ranks are bit-for-bit
/// FTS5's and the order (rank, then rowid) is the same (differential test:
/// `FTSRankIndexTests`). Only queries of single-token phrases are ranked
/// here; anything else is FTS5's.
///
/// Immutable once built; `generation` is the table's `search_generations`
/// counter read in the same read transaction as the postings.
final class FTSRankIndex: Sendable {
    let table: String
    let generation: Int64
    /// Documents: rowids ascending (document index = position).
    let rowids: [Int64]
    private let terms: [String: Int32]
    /// Postings of term `t`: `start[t] ..< start[t + 1]` in `docs` and `gains`.
    private let start: [Int32]
    private let docs: [Int32]
    /// Per posting: f · (k1 + 1) / (f + k1 · (1 − b + b · |d| / avgdl)),
    /// the factor bm25 multiplies the phrase's idf by (computed as FTS5 does,
    /// so idf · gain is FTS5's product exactly).
    private let gains: [Double]
    /// The largest gain of each run of `blockSize` postings (runs cut from
    /// the start of `gains`, across terms): an upper bound for any posting
    /// of the run, to skip runs that cannot reach the best found so far.
    private let blockMax: [Double]
    /// The largest gain of each term's postings.
    private let termMax: [Double]
    /// Terms in at least 1/32 of the documents also have a bitmap over the
    /// documents with a running count per 64-bit word, so testing whether
    /// such a term is in a document (and finding its posting) is two loads
    /// and a popcount instead of a search in a long list. `bitmapOf[t]` is
    /// the offset of t's words in `bitWords`/`bitRank`, or −1.
    private let bitmapOf: [Int32]
    private let bitWords: [UInt64]
    private let bitRank: [Int32]

    static let blockShift = 6

    static let k1 = 1.2
    static let b = 0.75

    private init(table: String, generation: Int64, rowids: [Int64], terms: [String: Int32], start: [Int32], docs: [Int32],
                 gains: [Double], bitmapMinimum: Int) {
        self.table = table
        self.generation = generation
        self.rowids = rowids
        self.terms = terms
        self.start = start
        self.docs = docs
        self.gains = gains
        var blockMax = [Double](repeating: 0, count: (gains.count >> Self.blockShift) + 1)
        for (i, gain) in gains.enumerated() where gain > blockMax[i >> Self.blockShift] { blockMax[i >> Self.blockShift] = gain }
        self.blockMax = blockMax
        var termMax = [Double](repeating: 0, count: max(0, start.count - 1))
        for t in termMax.indices {
            for i in Int(start[t])..<Int(start[t + 1]) where gains[i] > termMax[t] { termMax[t] = gains[i] }
        }
        self.termMax = termMax
        let words = (rowids.count + 63) >> 6
        var bitmapOf = [Int32](repeating: -1, count: max(0, start.count - 1))
        var bitWords: [UInt64] = []
        var bitRank: [Int32] = []
        for t in bitmapOf.indices where Int(start[t + 1] - start[t]) * 32 >= rowids.count && rowids.count >= bitmapMinimum {
            let base = bitWords.count
            bitmapOf[t] = Int32(base)
            bitWords.append(contentsOf: repeatElement(0, count: words))
            for i in Int(start[t])..<Int(start[t + 1]) {
                let doc = Int(docs[i])
                bitWords[base + doc >> 6] |= 1 << UInt64(doc & 63)
            }
            var running: Int32 = 0
            for w in 0..<words {
                bitRank.append(running)
                running += Int32(bitWords[base + w].nonzeroBitCount)
            }
        }
        self.bitmapOf = bitmapOf
        self.bitWords = bitWords
        self.bitRank = bitRank
    }

    /// Reads the postings of `table` (an FTS5 table with an `fts5vocab`
    /// instance view named `<table>_instances`). Call inside a read
    /// transaction (`Database.read`), so the generation and the postings
    /// are one snapshot. `weights` are the columns' bm25 weights, by name.
    /// Bitmaps are kept only from `bitmapMinimum` documents on (below, lists are short anyway).
    static func build(_ conn: Connection, table: String, weights: [String: Double], bitmapMinimum: Int = 1_024) throws -> FTSRankIndex {
        do {
            let generation = try conn.queryOne("SELECT generation FROM search_generations WHERE name = ?", [.text(table)])?.int64(at: 0) ?? 0
            // Documents: every row of the table, also those without tokens (they count in N).
            var rowids: [Int64] = []
            let ids = try conn.prepare("SELECT id FROM \(table)_docsize ORDER BY id")
            while try ids.step() { rowids.append(sqlite3_column_int64(ids.handle, 0)) }
            let count = rowids.count
            let maxRowid = rowids.last ?? 0
            // rowid → document index: a direct table when rowids are dense, else a dictionary.
            let dense = maxRowid >= 0 && maxRowid < Int64(8 * count + 1024)
            var direct: [Int32] = []
            var sparse: [Int64: Int32] = [:]
            if dense {
                direct = [Int32](repeating: -1, count: Int(maxRowid) + 1)
                for (index, rowid) in rowids.enumerated() where rowid >= 0 { direct[Int(rowid)] = Int32(index) }
            } else {
                sparse.reserveCapacity(count)
                for (index, rowid) in rowids.enumerated() { sparse[rowid] = Int32(index) }
            }
            func document(_ rowid: Int64) -> Int32 {
                if dense { return rowid >= 0 && rowid <= maxRowid ? direct[Int(rowid)] : -1 }
                return sparse[rowid] ?? -1
            }
            // Columns by name → weight (FTS5: a weight for each column given, 1.0 beyond).
            var columnWeight: [[UInt8]: Double] = [:]
            for (name, weight) in weights { columnWeight[Array(name.utf8)] = weight }

            var terms: [String: Int32] = [:]
            var start: [Int32] = [0]
            var docs: [Int32] = []
            var freqs: [Double] = []
            var lengths = [Int64](repeating: 0, count: count)
            var previousTerm: [UInt8] = []
            var previousColumn: [UInt8] = []
            var previousWeight = 1.0
            var currentDoc: Int32 = -1
            var haveTerm = false
            let instances = try conn.prepare("SELECT term, doc, col FROM \(table)_instances")
            let h = instances.handle
            while try instances.step() {
                let termBytes = UnsafeBufferPointer(start: sqlite3_column_text(h, 0), count: Int(sqlite3_column_bytes(h, 0)))
                let rowid = sqlite3_column_int64(h, 1)
                let columnBytes = UnsafeBufferPointer(start: sqlite3_column_text(h, 2), count: Int(sqlite3_column_bytes(h, 2)))
                if !haveTerm || !previousTerm.elementsEqual(termBytes) {
                    if haveTerm { start.append(Int32(docs.count)) }
                    previousTerm = Array(termBytes)
                    terms[String(decoding: previousTerm, as: UTF8.self)] = Int32(start.count - 1)
                    haveTerm = true
                    currentDoc = -1
                }
                if !previousColumn.elementsEqual(columnBytes) {
                    previousColumn = Array(columnBytes)
                    previousWeight = columnWeight[previousColumn] ?? 1.0
                }
                let doc = document(rowid)
                guard doc >= 0 else { continue }  // cannot happen: an instance of a row without a size record
                lengths[Int(doc)] += 1
                if doc != currentDoc {
                    docs.append(doc)
                    freqs.append(0)
                    currentDoc = doc
                }
                freqs[freqs.count - 1] += previousWeight
            }
            if haveTerm { start.append(Int32(docs.count)) }
            let totalTokens = lengths.reduce(0, +)
            let avgdl = Double(totalTokens) / Double(count)
            let norms = lengths.map { k1 * (1 - b + b * Double($0) / avgdl) }
            var gains = freqs
            for i in gains.indices {
                let f = freqs[i]
                gains[i] = (f * (k1 + 1.0)) / (f + norms[Int(docs[i])])
            }
            return FTSRankIndex(table: table, generation: generation, rowids: rowids, terms: terms, start: start, docs: docs,
                                gains: gains, bitmapMinimum: bitmapMinimum)
        }
    }

    /// One ranked document: FTS5's rank (−bm25 score) and its rowid.
    struct Ranked: Equatable {
        let rank: Double
        let rowid: Int64
    }

    /// The term a query phrase stands for, when it is one token this index
    /// can look up exactly: ASCII letters and digits (folded to lower case,
    /// as FTS5's unicode61 does); nil for anything else.
    static func term(_ phrase: [String]) -> String? {
        guard phrase.count == 1, let word = phrase.first, !word.isEmpty else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(word.utf8.count)
        for byte in word.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): bytes.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 32)
            default: return nil
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The best `count` documents holding every term (FTS5's implicit AND),
    /// by rank then rowid, as FTS5 orders `ORDER BY rank, rowid`; and
    /// whether more documents may match than were returned (true when more
    /// matched, or when runs of postings were skipped unread because they
    /// could not beat the best found).
    func top(_ queryTerms: [String], count: Int) -> (ranked: [Ranked], more: Bool) {
        guard count > 0, !queryTerms.isEmpty else { return ([], false) }
        var ids: [Int] = []
        for term in queryTerms {
            guard let id = terms[term] else { return ([], false) }
            ids.append(Int(id))
        }
        let n = Double(rowids.count)  // N: every row, also those without tokens
        let idf: [Double] = ids.map { id in
            let hits = Double(start[id + 1] - start[id])
            let value = log((n - hits + 0.5) / (hits + 0.5))
            return value <= 0 ? 1e-6 : value
        }
        // Distinct lists, the shortest drives; each phrase knows its list.
        let distinct = Array(Set(ids)).sorted { (start[$0 + 1] - start[$0], $0) < (start[$1 + 1] - start[$1], $1) }
        let slot = ids.map { id in distinct.firstIndex(of: id)! }
        let phrases = ids.count
        let lists = distinct.count
        var best: [(score: Double, doc: Int32)] = []
        best.reserveCapacity(count + 1)
        var matched = 0
        var skipped = false
        docs.withUnsafeBufferPointer { docs in
            gains.withUnsafeBufferPointer { gains in
                blockMax.withUnsafeBufferPointer { blockMax in
                bitWords.withUnsafeBufferPointer { bitWords in
                bitRank.withUnsafeBufferPointer { bitRank in
                    // Small per-list and per-phrase state in raw buffers (no
                    // copy-on-write checks in the loop).
                    let bitmap = UnsafeMutablePointer<Int>.allocate(capacity: lists)
                    let cursor = UnsafeMutablePointer<Int>.allocate(capacity: lists)
                    let end = UnsafeMutablePointer<Int>.allocate(capacity: lists)
                    let listMax = UnsafeMutablePointer<Double>.allocate(capacity: lists)
                    let found = UnsafeMutablePointer<Double>.allocate(capacity: lists)
                    let bound = UnsafeMutablePointer<Double>.allocate(capacity: lists)
                    let phraseIDF = UnsafeMutablePointer<Double>.allocate(capacity: phrases)
                    let phraseSlot = UnsafeMutablePointer<Int>.allocate(capacity: phrases)
                    defer {
                        bitmap.deallocate(); cursor.deallocate(); end.deallocate(); listMax.deallocate()
                        found.deallocate(); bound.deallocate(); phraseIDF.deallocate(); phraseSlot.deallocate()
                    }
                    for k in 0..<lists {
                        bitmap[k] = Int(bitmapOf[distinct[k]])
                        cursor[k] = Int(start[distinct[k]])
                        end[k] = Int(start[distinct[k] + 1])
                        listMax[k] = termMax[distinct[k]]
                        bound[k] = listMax[k]
                        found[k] = 0
                    }
                    for p in 0..<phrases { phraseIDF[p] = idf[p]; phraseSlot[p] = slot[p] }
                    let shift = Self.blockShift
                    var worst = -Double.infinity  // the score to beat once `count` are kept
                    var checkedBlock = -1
                    var blockLimit = Double.infinity
                    var i = cursor[0]
                    let driverEnd = end[0]
                    outer: while i < driverEnd {
                        // Skip a run of the driver's postings that cannot beat the worst kept
                        // (the bound sums the phrases in query order, as the score does: a
                        // float sum of larger terms is never smaller).
                        if best.count == count {
                            let block = i >> shift
                            if block != checkedBlock {
                                checkedBlock = block
                                bound[0] = blockMax[block]
                                var limit = 0.0
                                for p in 0..<phrases { limit += phraseIDF[p] * bound[phraseSlot[p]] }
                                blockLimit = limit
                            }
                            if blockLimit <= worst {
                                i = min((block + 1) << shift, driverEnd)
                                skipped = true
                                continue
                            }
                        }
                        let doc = docs[i]
                        found[0] = gains[i]
                        var k = 1
                        while k < lists {
                            let base = bitmap[k]
                            if base >= 0 {
                                // A common term: its bitmap says whether, its running count where.
                                let w = Int(doc) >> 6
                                let word = bitWords[base + w]
                                let bit: UInt64 = 1 << UInt64(Int(doc) & 63)
                                if word & bit == 0 { i += 1; continue outer }
                                found[k] = gains[cursor[k] + Int(bitRank[base + w]) + (word & (bit &- 1)).nonzeroBitCount]
                                k += 1
                                continue
                            }
                            // Gallop to the first posting >= doc.
                            var low = cursor[k]
                            if low >= end[k] { break outer }
                            if docs[low] < doc {
                                var step = 1
                                var high = low + 1
                                while high < end[k] && docs[high] < doc { low = high; step <<= 1; high = low + step }
                                if high > end[k] { high = end[k] }
                                var lo = low + 1, hi = high
                                while lo < hi {
                                    let mid = (lo + hi) >> 1
                                    if docs[mid] < doc { lo = mid + 1 } else { hi = mid }
                                }
                                low = lo
                            }
                            cursor[k] = low
                            if low >= end[k] { break outer }
                            if docs[low] != doc { i += 1; continue outer }
                            found[k] = gains[low]
                            k += 1
                        }
                        matched += 1
                        var score = 0.0
                        for p in 0..<phrases { score += phraseIDF[p] * found[phraseSlot[p]] }
                        if score > worst {
                            // Insert after every better or equal score (earlier rowids win ties).
                            var at = best.count
                            while at > 0 && best[at - 1].score < score { at -= 1 }
                            best.insert((score, doc), at: at)
                            if best.count > count { best.removeLast() }
                            if best.count == count { worst = best[count - 1].score }
                        }
                        i += 1
                    }
                }
                }
                }
            }
        }
        return (best.map { Ranked(rank: -1.0 * $0.score, rowid: rowids[Int($0.doc)]) }, skipped || matched > best.count)
    }
}
