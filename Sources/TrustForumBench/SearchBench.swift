#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Platform
import Store

/// `TrustForumBench search-setup` and `search`: full-text search over a
/// large corpus of publications (Part 5). Setup writes `count` TLP:CLEAR
/// best practices straight into the store of a stopped server (titles and
/// bodies drawn from a Zipf-distributed vocabulary) and the vocabulary
/// with its frequencies; `search` sends 1,000 queries of 1–3 terms drawn
/// from that vocabulary by frequency over `connections` keep-alive
/// connections (`GET /v1/search?q=…&limit=10`, top 10 with snippets) for
/// `seconds`, cycling through them, and prints queries/s, p50 and p99.
enum SearchBench {
    /// A deterministic generator (splitmix64), so every run has the same corpus.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }

    /// Words of security writing first (the most frequent), then made-up
    /// ones: 20,000 in all, Zipf weights 1/rank^1.07.
    static func vocabulary() -> [String] {
        let common = """
            the of and to in a is for that on with as by be are this or it from an at your all can not have you which
            security password backup update patch phishing ransomware malware firewall network server account access user
            data email attack incident breach risk policy encryption authentication factor multi vpn cloud device endpoint
            vulnerability exploit log monitoring alert response recovery restore offline supplier contract training awareness
            employee admin administrator privilege domain certificate key token session browser software system windows linux
            """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        let syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "ve", "zo", "bi", "da", "fe", "gu", "ho", "ji", "po", "se", "tu", "wa", "xi", "ye"]
        var words = common
        var seen = Set(common)
        var index = 0
        while words.count < 20_000 {
            var n = index
            var word = ""
            repeat { word += syllables[n % syllables.count]; n /= syllables.count } while n > 0
            if word.count >= 4, seen.insert(word).inserted { words.append(word) }
            index += 1
        }
        return words
    }

    /// Cumulative Zipf weights for sampling a rank.
    static func cumulative(_ count: Int, exponent: Double = 1.07) -> [Double] {
        var total = 0.0
        var result: [Double] = []
        result.reserveCapacity(count)
        for rank in 1...count {
            total += 1 / pow(Double(rank), exponent)
            result.append(total)
        }
        return result.map { $0 / total }
    }

    static func sample(_ cumulative: [Double], _ generator: inout Generator) -> Int {
        let x = generator.unit()
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] < x { low = mid + 1 } else { high = mid }
        }
        return low
    }

    static func setup(databasePath: String, count: Int) throws {
        let words = vocabulary()
        let weights = cumulative(words.count)
        var generator = Generator(state: 20_261_130)
        let topics = ["phishing", "ransomware", "backup-recovery", "identity-access", "network-security", "cloud-security", "awareness",
                      "incident-response", "vulnerability-management", "email-security"]
        let database = try Database.open(path: databasePath, readers: 1)
        defer { try? database.close() }
        let author = "00000000-0000-4000-8000-000000000001"
        let started = MonotonicClock.now
        var written = 0
        while written < count {
            let batch = min(2_000, count - written)
            var rows: [(PublicationStore.Summary, String)] = []
            for n in 0..<batch {
                func text(_ length: Int) -> String { (0..<length).map { _ in words[sample(weights, &generator)] }.joined(separator: " ") }
                let id = String(format: "%08x-0000-4000-8000-%012x", written + n, written + n)
                let now = UInt64(1_795_000_000 + written + n)
                let summary = PublicationStore.Summary(id: id, kind: "best-practice", label: "TLP:CLEAR", authorID: author, status: .visible, version: 1,
                                                       level: Int(generator.next() % 5) + 1, topics: [topics[Int(generator.next() % UInt64(topics.count))]],
                                                       language: "en", title: text(8), createdAt: now, updatedAt: now)
                rows.append((summary, text(120)))
            }
            let ready = rows
            try database.write { conn in
                for (summary, body) in ready { try PublicationStore.create(conn, summary, body: body) }
            }
            written += batch
        }
        let seconds = Double(MonotonicClock.now - started) / 1e9
        print("search corpus: \(count) TLP:CLEAR publications, 8-word titles, 120-word bodies, \(words.count)-word Zipf vocabulary; written in \(String(format: "%.1f", seconds)) s")
    }

    static func run(port: UInt16, seconds: Double, connections: Int) throws {
        let words = vocabulary()
        let weights = cumulative(words.count)
        var generator = Generator(state: 7)
        var requests: [[UInt8]] = []
        for _ in 0..<1_000 {
            let terms = (0..<(Int(generator.next() % 3) + 1)).map { _ in words[sample(weights, &generator)] }
            let query = terms.joined(separator: "+")
            requests.append(Array("GET /v1/search?q=\(query)&limit=10 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
        }
        let result = try EpollLoad.drive(port: port, requests: requests, connections: connections, seconds: seconds, cycle: true, success: 200)
        print(String(format: "%-5d %10.0f %8.3f %8.3f   %d/%d", connections, result.rate, result.p50, result.p99, result.ok, result.sent))
    }

    /// The 1,000 benchmark queries, in process: build time of the in-memory
    /// index, then each query's time (median of 3) through
    /// `PublicationSearch.search` with it, top 10 with snippets, anonymous.
    static func profile(databasePath: String) throws {
        let words = vocabulary()
        let weights = cumulative(words.count)
        var generator = Generator(state: 7)
        let queries = (0..<1_000).map { _ in (0..<(Int(generator.next() % 3) + 1)).map { _ in words[sample(weights, &generator)] }.joined(separator: " ") }
        let database = try Database.open(path: databasePath, readers: 1)
        defer { try? database.close() }
        let accelerator = SearchAccelerator(database: database, table: PublicationSearch.table, weights: PublicationSearch.weights)
        let started = MonotonicClock.now
        accelerator.warm()
        accelerator.settle(seconds: 120)
        print(String(format: "index built in %.2f s", Double(MonotonicClock.now - started) / 1e9))
        let audience = PublicationStore.Audience(labels: ["TLP:CLEAR"])
        var times: [(Double, String)] = []
        for text in queries {
            let query = try PublicationSearch.Query.parse(text)
            var samples: [Double] = []
            for _ in 0..<3 {
                let t0 = MonotonicClock.now
                _ = try database.read { conn in try PublicationSearch.search(conn, query, for: audience, limit: 10, accelerator: accelerator) }
                samples.append(Double(MonotonicClock.now - t0) / 1e6)
            }
            times.append((samples.sorted()[1], text))
        }
        let sorted = times.map(\.0).sorted()
        print(String(format: "per query ms: p50 %.3f  p90 %.3f  p99 %.3f  max %.3f  mean %.3f  (answered in memory: %d of %d)",
                     sorted[500], sorted[900], sorted[990], sorted[999], sorted.reduce(0, +) / 1000, accelerator.answered, 3_000))
        for (ms, text) in times.sorted(by: { $0.0 > $1.0 }).prefix(12) { print(String(format: "  %7.3f ms  %@", ms, text)) }
    }
}
