/// A snippet of an ASCII text for a search hit, made the way FTS5's
/// `snippet()` makes one (https://sqlite.org/fts5.html#the_snippet_function)
/// without asking FTS5 to find the row again: the text is cut into tokens
/// as FTS5's unicode61 tokenizer cuts ASCII (runs of letters and digits,
/// case folded), the window of `tokens` tokens with the most distinct
/// query terms (then the most hits) is chosen, the hits in it are centred,
/// each hit is wrapped in `open`/`close`, and `ellipsis` marks text left out
/// at either end.
///
///     SearchSnippet.make(Array("Keep an offline backup.".utf8), terms: ["backup"], tokens: 16)
///     // "Keep an offline **backup**."
enum SearchSnippet {
    /// `text` must be ASCII (other text goes to FTS5's own `snippet()`);
    /// `terms` are lower case.
    static func make(_ text: [UInt8], terms: Set<String>, tokens window: Int = 16,
                     open: String = "**", close: String = "**", ellipsis: String = "…") -> String {
        // Tokens: [start, end) byte ranges, and which term each one is (or -1).
        var starts: [Int] = []
        var ends: [Int] = []
        var termOf: [Int] = []
        let termList = terms.map { Array($0.utf8) }
        var i = 0
        let n = text.count
        while i < n {
            guard isTokenByte(text[i]) else { i += 1; continue }
            let start = i
            while i < n && isTokenByte(text[i]) { i += 1 }
            starts.append(start)
            ends.append(i)
            // Which term, compared case-folded byte by byte (terms are lower case).
            var which = -1
            for (k, term) in termList.enumerated() where term.count == i - start {
                var same = true
                for j in 0..<term.count {
                    let byte = text[start + j]
                    if (byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte) != term[j] { same = false; break }
                }
                if same { which = k; break }
            }
            termOf.append(which)
        }
        let count = starts.count
        guard count > 0 else { return "" }
        // The best window: most distinct terms (×1000), then most hits; the first such.
        var bestStart = 0
        var bestScore = -1
        var seen = [Bool](repeating: false, count: termList.count)
        for position in 0..<count where termOf[position] >= 0 {
            for k in seen.indices { seen[k] = false }
            var score = 0
            var first = position, last = position
            var p = position
            while p < min(count, position + window) {
                let term = termOf[p]
                if term >= 0 {
                    score += seen[term] ? 1 : 1000
                    seen[term] = true
                    last = p
                }
                p += 1
            }
            if score > bestScore {
                bestScore = score
                // Centre the hits in the window, inside the text (FTS5's fts5SnippetScore).
                first = position - (window - (last - first)) / 2
                bestStart = max(0, min(first, count - window))
            }
        }
        let end = min(count, bestStart + window)
        var out: [UInt8] = []
        out.reserveCapacity(window * 12)
        if bestStart > 0 { out.append(contentsOf: ellipsis.utf8) }
        var cursor = bestStart == 0 ? 0 : starts[bestStart]  // from the text's start, as FTS5 does
        for t in bestStart..<end {
            out.append(contentsOf: text[cursor..<starts[t]])
            if termOf[t] >= 0 {
                out.append(contentsOf: open.utf8)
                out.append(contentsOf: text[starts[t]..<ends[t]])
                out.append(contentsOf: close.utf8)
            } else {
                out.append(contentsOf: text[starts[t]..<ends[t]])
            }
            cursor = ends[t]
        }
        if end < count {
            out.append(contentsOf: ellipsis.utf8)
        } else {
            out.append(contentsOf: text[cursor..<n])  // trailing punctuation, as FTS5 keeps it
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
