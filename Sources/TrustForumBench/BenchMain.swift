#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Platform
import Store
import Synchronization

/// `TrustForumBench store`: acknowledged durable writes per second through
/// the group-commit writer at 1, 16 and 64 concurrent writers, against one
/// transaction (and one fsync) per write, in the same run on the same disk.
/// Run by `Ops/bench store` on a release build. Output: a table on stdout.
@main
enum BenchMain {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "posts" {
            var options: [String: String] = [:]
            var i = 1
            while i + 1 < arguments.count { options[arguments[i]] = arguments[i + 1]; i += 2 }
            guard let port = options["--port"].flatMap(UInt16.init), let profile = options["--root-profile"],
                  let passphrase = options["--passphrase-file"], let output = options["--out"] else {
                complain("usage: TrustForumBench posts --port P --root-profile DIR --passphrase-file F --out DIR [--seconds S]")
                exit(64)
            }
            do {
                try PostsBench(port: port, rootProfile: profile, passphraseFile: passphrase,
                               seconds: Double(options["--seconds"] ?? "3") ?? 3, output: output).run()
            } catch {
                complain("bench failed: \(error)")
                exit(1)
            }
            exit(0)
        }
        if arguments.first == "search-profile" {
            // In process, one thread: each of the 1,000 queries timed through
            // PublicationSearch with the in-memory index (no HTTP).
            guard arguments.count == 3, arguments[1] == "--database" else {
                complain("usage: TrustForumBench search-profile --database FILE")
                exit(64)
            }
            do { try SearchBench.profile(databasePath: arguments[2]) } catch { complain("search-profile: \(error)"); exit(1) }
            exit(0)
        }
        if arguments.first == "search-setup" || arguments.first == "search" {
            var options: [String: String] = [:]
            var i = 1
            while i + 1 < arguments.count { options[arguments[i]] = arguments[i + 1]; i += 2 }
            do {
                if arguments.first == "search-setup" {
                    guard let path = options["--database"] else {
                        complain("usage: TrustForumBench search-setup --database FILE [--count N]")
                        exit(64)
                    }
                    try SearchBench.setup(databasePath: path, count: Int(options["--count"] ?? "100000") ?? 100_000)
                } else {
                    guard let port = options["--port"].flatMap(UInt16.init) else {
                        complain("usage: TrustForumBench search --port P [--seconds S] [--connections N]")
                        exit(64)
                    }
                    try SearchBench.run(port: port, seconds: Double(options["--seconds"] ?? "5") ?? 5,
                                        connections: Int(options["--connections"] ?? "16") ?? 16)
                }
            } catch {
                complain("bench failed: \(error)")
                exit(1)
            }
            exit(0)
        }
        if arguments.first == "rules-profile" {
            do {
                try RulesBench.profile(phrases: Int(arguments.count > 1 ? arguments[1] : "10") ?? 10,
                                       size: RulesBench.profileSize(arguments.count > 2 ? arguments[2] : "64"),
                                       leet: arguments.count > 3 && arguments[3] == "leet")
            } catch {
                complain("bench failed: \(error)")
                exit(1)
            }
            exit(0)
        }
        if arguments.first == "rules" {
            var bench = RulesBench()
            var i = 1
            while i + 1 < arguments.count {
                switch arguments[i] {
                case "--rounds": bench.rounds = Int(arguments[i + 1]) ?? bench.rounds
                case "--seconds": bench.seconds = Double(arguments[i + 1]) ?? bench.seconds
                case "--phrases": bench.phraseCounts = arguments[i + 1].split(separator: ",").compactMap { Int($0) }
                case "--alternation": bench.withAlternation = arguments[i + 1] != "no"
                case "--sizes": bench.textSizes = arguments[i + 1].split(separator: ",").compactMap { Int($0) }.map { $0 * 1024 }
                default: break
                }
                i += 2
            }
            do { try bench.run() } catch {
                complain("bench failed: \(error)")
                exit(1)
            }
            exit(0)
        }
        guard arguments.first == "store" else {
            complain("usage: TrustForumBench store [--dir DIR] [--seconds S] [--rounds N] | posts … | rules [--rounds N] [--seconds S] [--phrases 10,1000,10000] [--sizes 1,64,1024 (KiB)] [--alternation yes|no] | rules-profile PHRASES KIB|BYTESb [leet]")
            exit(64)
        }
        var directory = "./.build-bench"
        var seconds = 3.0
        var rounds = 3
        var i = 1
        while i + 1 < arguments.count {
            switch arguments[i] {
            case "--dir": directory = arguments[i + 1]
            case "--seconds": seconds = Double(arguments[i + 1]) ?? seconds
            case "--rounds": rounds = Int(arguments[i + 1]) ?? rounds
            default: break
            }
            i += 2
        }
        do {
            try StoreBench(directory: directory, seconds: seconds, rounds: rounds).run()
        } catch {
            complain("bench failed: \(error)")
            exit(1)
        }
    }
}

struct StoreBench {
    let directory: String
    let seconds: Double
    let rounds: Int

    static let schema = "CREATE TABLE IF NOT EXISTS bench (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL, n INTEGER NOT NULL, payload BLOB NOT NULL)"

    func run() throws {
        try Files.makeDirectory(directory)
        let payload = Random.bytes(128)
        print("store: acknowledged durable writes/s (synchronous=FULL, WAL), \(String(format1: seconds)) s per cell, median of \(rounds) rounds")
        print("writers  group-commit/s  per-write-commit/s  ratio  mean-batch")
        for writers in [1, 16, 64] {
            var group: [Double] = []
            var single: [Double] = []
            var batches: [Double] = []
            for _ in 0..<rounds {
                let g = try groupCommit(writers: writers, payload: payload)
                group.append(g.rate)
                batches.append(g.meanBatch)
                single.append(try perWriteCommit(writers: writers, payload: payload))
            }
            let gm = median(group), sm = median(single)
            print("\(pad(String(writers), 7))  \(pad(String(Int(gm)), 14))  \(pad(String(Int(sm)), 18))  \(pad(String(format1: gm / sm), 5))  \(pad(String(format1: median(batches)), 10))")
        }
    }

    private func freshPath(_ name: String) -> String {
        let path = Files.join(directory, "\(name)-\(getpid()).sqlite3")
        for suffix in ["", "-wal", "-shm"] { Files.remove(path + suffix) }
        return path
    }

    /// Writers call `Database.write` (group commit) in a loop for `seconds`.
    private func groupCommit(writers: Int, payload: [UInt8]) throws -> (rate: Double, meanBatch: Double) {
        let path = freshPath("group")
        defer { for suffix in ["", "-wal", "-shm"] { Files.remove(path + suffix) } }
        let db = try Database.open(path: path, readers: 1)
        try db.write { conn in try conn.execute(StoreBench.schema) }
        let before = db.statistics
        let count = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
        let threads = (0..<writers).map { w in
            OSThread(name: "bench-\(w)") {
                var n = 0
                while !stop.load(ordering: .relaxed) {
                    do {
                        let row: [DatabaseValue] = [.integer(Int64(w)), .integer(Int64(n)), .blob(payload)]
                        try db.write { conn in
                            try conn.run("INSERT INTO bench (writer, n, payload) VALUES (?, ?, ?)", row)
                        }
                        count.wrappingAdd(1, ordering: .relaxed)
                    } catch {
                        complain("write failed: \(error)")
                        return
                    }
                    n += 1
                }
            }
        }
        let started = MonotonicClock.now
        usleep(UInt32(seconds * 1_000_000))
        stop.store(true, ordering: .relaxed)
        for t in threads { t.join() }
        let elapsed = Double(MonotonicClock.now - started) / 1e9
        let after = db.statistics
        try db.close()
        let commits = Double(after.commits - before.commits)
        let jobs = Double(after.jobs - before.jobs)
        return (Double(count.load(ordering: .relaxed)) / elapsed, commits > 0 ? jobs / commits : 0)
    }

    /// The reference: each writer has its own connection and commits every
    /// write in its own IMMEDIATE transaction (one fsync each), waiting on
    /// SQLite's busy timeout for the write lock.
    private func perWriteCommit(writers: Int, payload: [UInt8]) throws -> Double {
        let path = freshPath("single")
        defer { for suffix in ["", "-wal", "-shm"] { Files.remove(path + suffix) } }
        do {
            let setup = try Connection(path: path)
            try setup.execute(StoreBench.schema)
            setup.close()
        }
        let count = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
        let threads = (0..<writers).map { w in
            OSThread(name: "bench-\(w)") {
                guard let conn = try? Connection(path: path, configuration: .init(mode: .readWrite, busyTimeoutMilliseconds: 60_000)) else {
                    complain("open failed")
                    return
                }
                var n = 0
                while !stop.load(ordering: .relaxed) {
                    do {
                        try conn.transaction(.immediate) {
                            try conn.run("INSERT INTO bench (writer, n, payload) VALUES (?, ?, ?)", [.integer(Int64(w)), .integer(Int64(n)), .blob(payload)])
                        }
                        count.wrappingAdd(1, ordering: .relaxed)
                    } catch {
                        complain("write failed: \(error)")
                        return
                    }
                    n += 1
                }
                conn.close()
            }
        }
        let started = MonotonicClock.now
        usleep(UInt32(seconds * 1_000_000))
        stop.store(true, ordering: .relaxed)
        for t in threads { t.join() }
        let elapsed = Double(MonotonicClock.now - started) / 1e9
        return Double(count.load(ordering: .relaxed)) / elapsed
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}

extension String {
    init(format1 value: Double) {
        let scaled = (value * 10).rounded() / 10
        self = String(scaled)
    }
}

/// A line on standard error.
func complain(_ text: String) {
    let line = Array((text + "\n").utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}
