import Foundation
import Testing
@testable import HTTP

/// Replays every input in Tests/Fuzz/regressions/http/ (crashes the fuzzer found,
/// kept after the fix) and the seed corpus through the fuzz harness's own oracle.
@Suite struct FuzzRegressionTests {
    static let fuzzDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Parsing
        .deletingLastPathComponent()  // HTTPTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Fuzz")

    static func inputs(in folder: String) -> [URL] {
        let directory = fuzzDirectory.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted()
            .map { directory.appendingPathComponent($0) }
    }

    @Test func regressionsReplayCleanly() throws {
        let directory = Self.fuzzDirectory.appendingPathComponent("regressions/http")
        #expect(FileManager.default.fileExists(atPath: directory.path))
        for file in Self.inputs(in: "regressions/http") {
            let data = try Data(contentsOf: file)
            let violation = data.withUnsafeBytes { HTTPParserSelfCheck.violation(in: $0) }
            #expect(violation == nil, "\(file.lastPathComponent): \(violation ?? "")")
        }
    }

    @Test func seedCorpusReplaysCleanly() throws {
        let files = Self.inputs(in: "corpus/http")
        #expect(files.count >= 24)
        for file in files {
            let data = try Data(contentsOf: file)
            let violation = data.withUnsafeBytes { HTTPParserSelfCheck.violation(in: $0) }
            #expect(violation == nil, "\(file.lastPathComponent): \(violation ?? "")")
        }
    }

    @Test func theOracleAcceptsKnownInputs() {
        // The oracle itself passes a valid head and an empty input.
        let good = Array(request("GET / HTTP/1.1", "Host: a").utf8)
        #expect(good.withUnsafeBytes { HTTPParserSelfCheck.violation(in: $0) } == nil)
        let empty: [UInt8] = []
        #expect(empty.withUnsafeBytes { HTTPParserSelfCheck.violation(in: $0) } == nil)
    }
}
