import Foundation
import Testing
@testable import Moderation

/// The rule and case files compiled in (Generated/EmbeddedRules+All.swift,
/// written by Ops/embed) must be Policies/moderation/*.rules and *.txt byte for byte.
@Suite struct EmbeddedRulesTests {
    static func onDisk(_ suffix: String) throws -> [String: String] {
        let directory = RuleCasesTests.directory.path
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(suffix) {
            files[name] = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
        }
        return files
    }

    @Test func theEmbeddedRuleAndCaseFilesAreTheFilesOnDisk() throws {
        let rules = try Self.onDisk(".rules")
        let cases = try Self.onDisk(".txt")
        #expect(!rules.isEmpty && !cases.isEmpty)
        #expect(Dictionary(uniqueKeysWithValues: EmbeddedRules.files.map { ($0.name, $0.text) }) == rules, "run Ops/embed")
        #expect(Dictionary(uniqueKeysWithValues: EmbeddedRules.cases.map { ($0.name, $0.text) }) == cases, "run Ops/embed")
    }

    @Test func theEmbeddedBundleDecodesAndPassesItsCases() throws {
        let policy = try PolicyBundle.decode(PolicyBundle.embedded)
        #expect(policy.rules.rules.count == EmbeddedRules.files.reduce(0) { $0 + (try! RuleSet.parse($1.text, file: $1.name)).rules.count })
        let result = try PolicyCases.run(PolicyBundle.embeddedCases, engine: policy.engine)
        #expect(result.count > 100)
        #expect(result.failures.isEmpty, "\(result.failures)")
    }

    @Test func aWrongCaseFailsNamingItsLine() throws {
        let policy = try PolicyBundle.decode(PolicyBundle.embedded)
        let cases = RuleSource(name: "wrong.txt", bytes: Array("# header\nlegitimate: Plan een demo met ons.\nblock: hello\ncommercial: Vraag een offerte aan\n".utf8))
        let result = try PolicyCases.run([cases], engine: policy.engine)
        #expect(result.count == 3)
        #expect(result.failures.map(\.description) == [
            "wrong.txt:2: expected legitimate, got hold [nl-demo]: Plan een demo met ons.",
            "wrong.txt:3: expected block, got allow: hello",
        ])
        #expect(throws: RuleFileError.self) { try PolicyCases.run([RuleSource(name: "bad.txt", bytes: Array("spam text\n".utf8))], engine: policy.engine) }
    }
}
