import Testing
@testable import Store

/// The in-memory ranking is FTS5's own: for random corpora and queries, the
/// same rowids in the same order with bit-for-bit the same ranks as
/// `ORDER BY bm25(publications_fts, 10.0, 1.0, 5.0), rowid`; dense and
/// sparse rowids, deleted rows, repeated and unknown words.
@Suite struct FTSRankIndexTests {
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let vocabulary = ["the", "of", "backup", "Backup", "phishing", "mfa", "offline", "restore", "patch", "vpn", "log", "alert",
                             "policy", "risk", "a", "is", "to", "ransomware", "supplier", "2fa", "x1", "zero", "trust", "audit"]

    /// A word drawn with weight 1/rank.
    static func word(_ random: inout Random) -> String {
        let total = vocabulary.indices.reduce(0.0) { $0 + 1 / Double($1 + 1) }
        var x = Double(random.next() % 1_000_000) / 1_000_000 * total
        for (i, word) in vocabulary.enumerated() {
            x -= 1 / Double(i + 1)
            if x <= 0 { return word }
        }
        return vocabulary[vocabulary.count - 1]
    }

    static func text(_ random: inout Random, _ words: Int) -> String {
        (0..<words).map { _ in word(&random) }.joined(separator: random.below(4) == 0 ? ", " : " ")
    }

    func expected(_ conn: Connection, _ query: PublicationSearch.Query, limit: Int) throws -> [FTSRankIndex.Ranked] {
        try conn.query("""
            SELECT rowid, bm25(publications_fts, 10.0, 1.0, 5.0) AS r FROM publications_fts WHERE publications_fts MATCH ?
            ORDER BY r, rowid LIMIT ?
            """, [.text(query.expression), .integer(Int64(limit))]).map { FTSRankIndex.Ranked(rank: try $0.double(at: 1), rowid: try $0.int64(at: 0)) }
    }

    @Test(arguments: [(UInt64(1), false), (2, true), (3, true), (4, false)])
    func rankingIsFTS5s(seed: UInt64, sparse: Bool) throws {
        try withTemporaryDirectory { dir in
            let maintenance = try Database.openForMaintenance(path: dir + "/s.sqlite3")
            _ = try MigrationRunner.apply(EmbeddedMigrations.all, to: maintenance)
            maintenance.close()
            let database = try Database.open(path: dir + "/s.sqlite3", readers: 1)
            defer { try? database.close() }
            var random = Random(state: seed)
            let rows = 150 + random.below(150)
            var rowids: [Int64] = []
            var texts: [(Int64, String, String, String)] = []
            for n in 0..<rows {
                let rowid = sparse ? Int64(n) * 7_919 + Int64(random.below(1_000)) * 100_000_000 : Int64(n + 1)
                rowids.append(rowid)
                texts.append((rowid, Self.text(&random, random.below(7)), Self.text(&random, random.below(60)), Self.text(&random, random.below(3))))
            }
            let corpus = texts
            try database.write { conn in
                for (rowid, title, body, topics) in corpus {
                    try conn.run("INSERT INTO publications_fts (rowid, title, body, topics) VALUES (?, ?, ?, ?)",
                                 [.integer(rowid), .text(title), .text(body), .text(topics)])
                }
                // Some rows deleted again (FTS5 keeps them as delete markers until merged).
                for rowid in corpus.map(\.0).filter({ $0 % 5 == 3 }) { try conn.run("DELETE FROM publications_fts WHERE rowid = ?", [.integer(rowid)]) }
            }
            // With and without bitmaps for the common terms.
            let index = try database.read { conn in
                try FTSRankIndex.build(conn, table: "publications_fts", weights: PublicationSearch.weights, bitmapMinimum: seed % 2 == 0 ? 0 : .max)
            }
            var compared = 0
            for _ in 0..<300 {
                var words = (0..<(1 + random.below(3))).map { _ in Self.word(&random) }
                if random.below(10) == 0 { words.append("absent") }
                if random.below(10) == 0 { words.append(words[0]) }  // a repeated word counts twice in bm25
                let query = try PublicationSearch.Query.parse(words.joined(separator: " "))
                let terms = try #require(query.rankTerms)
                for limit in [1, 10, 1_000] {
                    let want = try database.read { conn in try expected(conn, query, limit: limit) }
                    let got = index.top(terms, count: limit)
                    #expect(got.ranked == want, "\(words) limit \(limit)")
                    let more = try database.read { conn in try expected(conn, query, limit: limit + 1) }.count > limit
                    #expect(!more || got.more, "more is never denied when there is more")
                    compared += want.count
                }
            }
            #expect(compared > 1_000, "the queries found something")
        }
    }

    @Test func onlySingleASCIIWordsAreRankedInMemory() throws {
        #expect(try PublicationSearch.Query.parse("Phishing MFA 2fa").rankTerms == ["phishing", "mfa", "2fa"])
        #expect(try PublicationSearch.Query.parse("multi-factor").rankTerms == nil, "a phrase of two tokens")
        #expect(try PublicationSearch.Query.parse("café").rankTerms == nil, "FTS5 folds diacritics")
        #expect(try PublicationSearch.Query.parse("backup backup").rankTerms == ["backup", "backup"])
    }

    @Test func snippetsLikeFTS5s() {
        func snippet(_ text: String, _ terms: Set<String>, _ window: Int = 16) -> String { SearchSnippet.make(Array(text.utf8), terms: terms, tokens: window) }
        #expect(snippet("Keep an offline Backup.", ["backup"]) == "Keep an offline **Backup**.")
        #expect(snippet("", ["backup"]) == "")
        #expect(snippet("...", ["backup"]) == "", "no token, nothing to show")
        #expect(snippet("a b c d e f g h", ["zzz"], 4) == "a b c d…", "no hit: the start")
        #expect(snippet("a b c d e f g h", ["e"], 4) == "…c d **e** f…", "the hit centred")
        #expect(snippet("a b c d e f g h", ["h"], 4) == "…e f g **h**", "at the end, nothing left out after it")
        #expect(snippet("x y z backup q r s t u v w offline backup", ["backup", "offline"], 4) == "…v w **offline** **backup**",
                "the window with both terms wins over the first hit")
        #expect(snippet("(start) backup, end!", ["backup"]) == "(start) **backup**, end!", "punctuation kept at both ends")
    }
}
