import Foundation
import Moderation

/// `TrustForumBench rules`: throughput of `RuleEngine.evaluate` with 10,
/// 1,000 and 10,000 generated phrase rules on texts of 1 KiB, 64 KiB and
/// 1 MiB, against ONE alternation regex of the same phrases,
/// `\b(p1|p2|…)\b` case-insensitive, counting every match with
/// Foundation's NSRegularExpression (the approach of the best-known forum
/// software). evaluate() includes the real normalisation (`TextNormaliser`:
/// both views, text and skeleton).
///
/// Every size reads the same 1 MiB of generated Dutch/English forum text,
/// cut into texts of that size (1,024 texts of 1 KiB, 16 of 64 KiB, one of
/// 1 MiB), evaluated one after the other, round after round: the figures
/// differ only by the size of a text, not by its words. (Repeating one
/// small text instead lets the branch predictor learn it by heart: that
/// flatters small texts by 30-40 %.) The sizes are measured in turn within
/// each round, so that a slower moment of a shared machine hits them all.
/// MB/s = 10^6 input bytes per second; each figure is the median of
/// `rounds` rounds, a round evaluating each size for at least `seconds`.
struct RulesBench {
    var rounds = 5
    var seconds = 0.2
    var phraseCounts = [10, 1000, 10_000]
    var textSizes = [1024, 64 * 1024, 1024 * 1024]
    var withAlternation = true
    /// Bytes of text every size reads.
    var corpusBytes = 1 << 20

    func run() throws {
        print("rules: evaluate() throughput, MB/s (10^6 input bytes/s), median of \(rounds) rounds of >= \(seconds) s per size")
        print("       normaliser: TextNormaliser (NFKC case folding, diacritics, confusables, white space; skeleton: leet, spaced letters)")
        print("       alternation: NSRegularExpression \\b(p1|p2|...)\\b, case-insensitive, numberOfMatches over each text")
        print("       ours = evaluate(bytes) = normalise + match; match-only = evaluate(normalised:); / 64 KiB = ours at this size / ours at 64 KiB, same round")
        print("       text: \(corpusBytes >> 20) MiB of Zipf-distributed words (s=1) over the vocabulary the phrases are drawn from uniformly,")
        print("       cut into texts of each size and evaluated in turn; * = uniform words instead (cache worst case: every phrase prefix equally likely);")
        print("       + = one word in 20 spelled with leetspeak (d3m0: the skeleton differs from the text, both views are scanned; no alternation run)")
        print("phrases     text   compile-ms   states  ours-MB/s  / 64 KiB  match-only-MB/s  alternation-MB/s   ratio  matched-rules")
        let zipfCorpus = RulesBenchText.text(bytes: corpusBytes, seed: 0xC0FFEE)
        let uniformCorpus = RulesBenchText.text(bytes: corpusBytes, seed: 0xC0FFEE, zipf: false)
        let leetCorpus = RulesBenchText.text(bytes: corpusBytes, seed: 0xC0FFEE, leet: true)
        for count in phraseCounts {
            let phrases = RulesBenchText.phrases(count)
            var file = "format trustforum-rules/v1\n"
            for (index, phrase) in phrases.enumerated() { file += "p\(index) flag phrase \"\(phrase)\" -- bench\n" }
            let compileStart = DispatchTime.now().uptimeNanoseconds
            let normaliser = TextNormaliser()
            let engine = try RuleEngine(try RuleSet.parse(file, file: "bench.rules"), normaliser: normaliser)
            let compileMs = Double(DispatchTime.now().uptimeNanoseconds - compileStart) / 1e6
            let alternation = "\\b(" + phrases.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|") + ")\\b"
            let regex = try NSRegularExpression(pattern: alternation, options: [.caseInsensitive])
            let cells = textSizes.map { Cell(size: $0, kind: .zipf, corpus: zipfCorpus, normaliser: normaliser) }
                + (count == phraseCounts.last ? [Cell(size: 1 << 20, kind: .uniform, corpus: uniformCorpus, normaliser: normaliser)] : [])
                + textSizes.map { Cell(size: $0, kind: .leet, corpus: leetCorpus, normaliser: normaliser) }
            var ours = cells.map { _ in [Double]() }
            var relative = cells.map { _ in [Double]() }
            var matchOnly = cells.map { _ in [Double]() }
            var theirs = cells.map { _ in [Double]() }
            // Each kind of text over its own 64 KiB (the uniform one has none).
            let reference = { (kind: Cell.Kind) in cells.firstIndex { $0.kind == kind && $0.size == 64 * 1024 } }
            for _ in 0..<rounds {
                for (index, cell) in cells.enumerated() {
                    ours[index].append(rate(cell) { _ = engine.evaluate(cell.texts[$0]) })
                }
                for (index, cell) in cells.enumerated() {
                    relative[index].append(reference(cell.kind).map { ours[index].last! / ours[$0].last! } ?? .nan)
                }
                for (index, cell) in cells.enumerated() {
                    matchOnly[index].append(rate(cell) { _ = engine.evaluate(normalised: cell.normalised[$0]) })
                    guard withAlternation && cell.kind != .leet else { theirs[index].append(.nan); continue }
                    theirs[index].append(rate(cell) {
                        _ = regex.numberOfMatches(in: cell.strings[$0], options: [], range: cell.ranges[$0])
                    })
                }
            }
            for (index, cell) in cells.enumerated() {
                let matched = cell.texts.reduce(0) { $0 + engine.evaluate($1).matches.count }
                let fast = median(ours[index])
                let slow = median(theirs[index])
                print("\(pad(count, 7))  \(pad(sizeName(cell.size) + cell.kind.rawValue, 7))  \(pad(String(format: "%.1f", compileMs), 11))  \(pad(engine.automatonStates, 7))"
                      + "  \(pad(String(format: "%.1f", fast), 9))  \(pad(String(format: "%.2f", median(relative[index])), 8))"
                      + "  \(pad(String(format: "%.1f", median(matchOnly[index])), 15))  \(pad(String(format: "%.2f", slow), 16))"
                      + "  \(pad(String(format: "%.0f", fast / slow), 6))x  \(pad(matched, 13))")
            }
            // Size against rate: largest over smallest text, and what a call
            // of the smallest size costs beyond its bytes at the 64 KiB rate
            // (MB/s is bytes per µs).
            let summary: [String] = [Cell.Kind.zipf, .leet].compactMap { kind in
                guard let small = cells.firstIndex(where: { $0.kind == kind && $0.size == textSizes.min() }),
                      let large = cells.firstIndex(where: { $0.kind == kind && $0.size == textSizes.max() }),
                      let middle = reference(kind), small != large else { return nil }
                let bytes = Double(cells[small].size)
                let fixed = bytes / median(ours[small]) - bytes / median(ours[middle])
                let ratio = String(format: "%.2f", median(ours[large]) / median(ours[small]))
                return "\(sizeName(cells[large].size))\(kind.rawValue) / \(sizeName(cells[small].size))\(kind.rawValue) = \(ratio), "
                    + "a \(sizeName(cells[small].size)) call \(String(format: "%.2f", fixed)) µs over the 64 KiB rate"
            }
            if !summary.isEmpty { print("\(pad(count, 7))  size: " + summary.joined(separator: "; ")) }
        }
    }

    /// The corpus cut into texts of one size, in the forms each contender reads.
    struct Cell {
        let size: Int
        let kind: Kind
        let texts: [[UInt8]]
        let normalised: [NormalisedInput]
        let strings: [String]
        let ranges: [NSRange]

        /// The text's kind, by its mark in the table.
        enum Kind: String {
            case zipf = "", uniform = "*", leet = "+"
        }

        init(size: Int, kind: Kind, corpus: String, normaliser: TextNormaliser) {
            self.size = size
            self.kind = kind
            let bytes = Array(corpus.utf8)  // ASCII: any cut is between characters
            texts = stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
            normalised = texts.map { normaliser.ruleInput($0) }
            strings = texts.map { String(decoding: $0, as: UTF8.self) }
            ranges = strings.map { NSRange(location: 0, length: ($0 as NSString).length) }
        }
    }

    /// MB/s of `body` over the cell's texts in turn, for at least `seconds`.
    /// The clock is read after every `batch` texts, a batch doubling (up to
    /// 64 texts) while it takes under a millisecond: a read costs about
    /// 25 ns here, 1.4 % of a 1 KiB evaluation, the harness's cost and not
    /// the engine's, while a slow body (the alternation) still stops on
    /// time. The rate counts the texts up to the last read.
    private func rate(_ cell: Cell, _ body: (Int) -> Void) -> Double {
        var bytes = 0
        var next = 0
        var batch = 1
        var pending = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var last = start
        var elapsed: UInt64 = 0
        repeat {
            body(next)
            bytes += cell.texts[next].count
            next = next + 1 == cell.texts.count ? 0 : next + 1
            pending += 1
            if pending == batch {
                pending = 0
                let now = DispatchTime.now().uptimeNanoseconds
                if now - last < 1_000_000 && batch < 64 { batch *= 2 }
                last = now
                elapsed = now - start
            }
        } while Double(elapsed) < seconds * 1e9
        return Double(bytes) / (Double(elapsed) / 1e9) / 1e6
    }

    /// Fixed work, for a profiler (`perf record TrustForumBench rules-profile 10000 1`):
    /// evaluates 512 MiB of the benchmark's text, cut into texts of `size`
    /// bytes, with `phrases` phrase rules; prints the rate. `leet`: the
    /// text of the `+` rows (one word in 20 in leetspeak).
    static func profile(phrases: Int, size: Int, leet: Bool = false) throws {
        let file = "format trustforum-rules/v1\n" + RulesBenchText.phrases(phrases).enumerated()
            .map { "p\($0.offset) flag phrase \"\($0.element)\" -- bench\n" }.joined()
        let engine = try RuleEngine(try RuleSet.parse(file, file: "bench.rules"))
        let cell = Cell(size: size, kind: leet ? .leet : .zipf,
                        corpus: RulesBenchText.text(bytes: 1 << 20, seed: 0xC0FFEE, leet: leet), normaliser: TextNormaliser())
        let start = DispatchTime.now().uptimeNanoseconds
        var matched = 0
        var bytes = 0
        while bytes < 512 << 20 {
            let text = cell.texts[(bytes / size) % cell.texts.count]
            matched += engine.evaluate(text).matches.count
            bytes += text.count
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print("\(phrases) phrases, texts of \(size) bytes: \(String(format: "%.1f", Double(bytes) / seconds / 1e6)) MB/s (\(matched) rules matched)")
    }

    /// A `rules-profile` size: KiB (`64`), or bytes (`128b`).
    static func profileSize(_ argument: String) -> Int {
        if argument.hasSuffix("b"), let bytes = Int(argument.dropLast()), bytes > 0 { return bytes }
        return max(1, Int(argument) ?? 64) * 1024
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    private func sizeName(_ size: Int) -> String {
        size >= 1 << 20 ? "\(size >> 20) MiB" : "\(size >> 10) KiB"
    }

    private func pad(_ value: Any, _ width: Int) -> String {
        let text = "\(value)"
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}

/// Deterministic forum-like text and phrase sets.
enum RulesBenchText {
    static let words = """
    wij hebben een vraag over phishing bij onze leverancier heeft iemand ervaring met mfa de het is dat van in op voor
    niet met zijn aan er maar om ook als dan bij nog wel naar uit kan tot door over ze zo meer worden heeft wordt
    deze zou hun na onder tegen geen alle veel waar al tijdens omdat sinds binnen zonder via netwerk server backup
    herstel incident melding datalek ransomware versleuteling wachtwoord beleid medewerkers training bewustzijn
    firewall segmentatie logging monitoring patch kwetsbaarheid update advies ncsc csirt politie autoriteit
    persoonsgegevens uur dagen week stappenplan maatregelen risico dreiging aanval aanvaller toegang account
    beheerder rechten cloud leverancier contract keten haven luchthaven sector regio bedrijf organisatie klanten
    the a of to and is in that for it with as on be at by this have from or an they which you one we all were
    would there their will when who more if no out so what up about into than them can only other new some could
    time these two may then do first any my now such like our over even most made after also did many before must
    through back years where much your way well down should because each just those people how too little state
    good very make world still own see men work long get here between both life being under never day same another
    know while last might us great old year off come since against go came right used take three states himself
    attack phishing email attachment link vendor patch vulnerability exposure advisory firewall router endpoint
    detection response backup restore ransom criminals breach notification authority police insurer policy
    supplier contract chain password manager authentication token session logging alert severity critical
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    /// `count` distinct phrases of 2–4 words.
    static func phrases(_ count: Int) -> [String] {
        var random = SplitMix(state: 0x5EED)
        var seen = Set<String>()
        var result: [String] = []
        while result.count < count {
            let length = 2 + Int(random.next() % 3)
            let phrase = (0..<length).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ")
            if seen.insert(phrase).inserted { result.append(phrase) }
        }
        return result
    }

    /// Cumulative Zipf (s = 1) weights over `words`, in list order (the
    /// function words come first, as in real text).
    static let zipf: [Double] = {
        var total = 0.0
        return words.indices.map { rank in total += 1 / Double(rank + 1); return total }
    }()

    /// `bytes` bytes (ASCII) of sentences with capitals, punctuation,
    /// numbers and line breaks (with `leet`, one word in 20 in leetspeak);
    /// words Zipf-distributed (`zipf: true`, like
    /// real text) or uniform over the vocabulary (a cache worst case: every
    /// phrase prefix is as likely as any other).
    static func text(bytes: Int, seed: UInt64, zipf: Bool = true, leet: Bool = false) -> String {
        var random = SplitMix(state: seed)
        func pick() -> String {
            guard zipf else { return words[Int(random.next() % UInt64(words.count))] }
            let target = Double(random.next() % 1_000_000) / 1_000_000 * Self.zipf.last!
            var low = 0, high = Self.zipf.count - 1
            while low < high {
                let mid = (low + high) / 2
                if Self.zipf[mid] < target { low = mid + 1 } else { high = mid }
            }
            return words[low]
        }
        var out = ""
        out.reserveCapacity(bytes + 200)
        while out.utf8.count < bytes {
            let length = 6 + Int(random.next() % 12)
            for i in 0..<length {
                var word = pick()
                if leet && random.next() % 20 == 0 {
                    // Leetspeak, as spam spells words to slip past filters.
                    word = String(word.map { ["e": "3", "o": "0", "a": "4", "i": "1"][$0] ?? $0 })
                }
                if i == 0 { word = word.prefix(1).uppercased() + word.dropFirst() }
                out += word
                if random.next() % 23 == 0 { out += " \(random.next() % 2000)" }
                out += i == length - 1 ? "" : (random.next() % 11 == 0 ? ", " : " ")
            }
            out += random.next() % 4 == 0 ? "? " : ". "
            if random.next() % 6 == 0 { out += "\n\n" }
        }
        return String(decoding: Array(out.utf8.prefix(bytes)), as: UTF8.self)
    }

    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
