import Foundation
import Testing
@testable import Moderation

/// Policies/moderation/commercial.rules against Policies/moderation/cases.txt
/// and cases-obfuscated.txt (homoglyphs, fullwidth and mathematical letters,
/// accents, zero-width characters, spaced-out letters), with the real
/// TextNormaliser, as the server and every client evaluate them.
@Suite struct RuleCasesTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Policies/moderation")

    struct Case: Sendable, CustomStringConvertible {
        let line: Int
        let expected: String
        let text: String
        var description: String { "cases.txt:\(line): \(expected): \(text)" }
    }

    static func cases(_ file: String = "cases.txt") throws -> [Case] {
        let source = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        var cases: [Case] = []
        for (index, raw) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else { throw CaseFileError(line: index + 1) }
            let label = String(line[..<colon])
            guard ["commercial", "legitimate", "allow", "flag", "hold", "block", "missed"].contains(label) else { throw CaseFileError(line: index + 1) }
            cases.append(Case(line: index + 1, expected: label, text: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return cases
    }

    struct CaseFileError: Error { let line: Int }

    static func engine() throws -> RuleEngine {
        let source = try String(contentsOf: directory.appendingPathComponent("commercial.rules"), encoding: .utf8)
        return try RuleEngine(try RuleSet.parse(source, file: "commercial.rules"))
    }

    @Test func everyCaseGetsItsExpectedVerdict() throws {
        let engine = try Self.engine()
        let cases = try Self.cases()
        #expect(cases.filter { $0.expected == "commercial" }.count >= 60)
        #expect(cases.filter { $0.expected == "legitimate" }.count >= 60)
        for item in cases {
            let verdict = engine.check(item.text)
            switch item.expected {
            case "missed": #expect(verdict.action == .allow, "\(item) is caught now: make it a commercial case")
            case "commercial": #expect(verdict.action != .allow, "\(item) → \(verdict)")
            case "legitimate": #expect(verdict.action == .allow, "\(item) → \(verdict)")
            default: #expect(verdict.action.description == item.expected, "\(item) → \(verdict)")
            }
        }
    }

    @Test func obfuscatedOffersAreCaught() throws {
        let engine = try Self.engine()
        let cases = try Self.cases("cases-obfuscated.txt")
        #expect(cases.filter { $0.expected == "commercial" }.count >= 8)
        for item in cases {
            let verdict = engine.check(item.text)
            switch item.expected {
            case "missed": #expect(verdict.action == .allow, "\(item) is caught now: make it a commercial case")
            case "commercial": #expect(verdict.action != .allow, "\(item) → \(verdict)")
            case "legitimate": #expect(verdict.action == .allow, "\(item) → \(verdict)")
            default: #expect(verdict.action.description == item.expected, "\(item) → \(verdict)")
            }
        }
    }

    @Test func everyRuleIsExercisedByACommercialCase() throws {
        let engine = try Self.engine()
        var used = Set<String>()
        for item in try Self.cases() where item.expected != "legitimate" {
            used.formUnion(engine.check(item.text).ruleIDs)
        }
        let unused = engine.rules.map(\.id).filter { !used.contains($0) }
        #expect(unused.isEmpty, "rules no case exercises: \(unused)")
    }
}
