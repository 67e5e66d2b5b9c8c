import Foundation
import Testing
@testable import Moderation

/// `RegexNode.requiredLiterals` (every match contains one of them) and the
/// engine's prefilter, which runs a regex only where one occurs.
@Suite struct RegexLiteralsTests {
    private func literals(_ pattern: String) throws -> [String]? {
        try RegexProgram(compiling: Array(pattern.utf8)).requiredLiterals?.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func literalsOfTypicalRules() throws {
        #expect(try literals("\\bbook (a )?demo\\b") == ["book a demo", "book demo"])
        #expect(try literals("\\b(wij|we) bieden\\b") == ["we bieden", "wij bieden"])
        #expect(try literals("\\b(wij|we|ik)\\b.{0,40}\\bkosteloos\\b") == ["kosteloos"])
        #expect(try literals("\\b\\d+ ?% off\\b") == ["% off"])
        #expect(try literals("^\\s*selling\\b") == ["selling"])
        // An alternation needs a literal in every branch.
        #expect(try literals("\\bshameless plug\\b|\\bfirst customers\\b") == ["first customers", "shameless plug"])
        #expect(try literals("demo|\\d+") == ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "demo"])
        #expect(try literals("demo|.") == nil)
        // Nothing required: optional, or no literal at all.
        #expect(try literals("(demo)?[^a]") == nil)
        // A string holding another required string adds nothing.
        #expect(try literals("(demo)?x") == ["x"])
        #expect(try literals("[^a] ?[^b]") == nil)
        // One or more copies require the copied literal.
        #expect(try literals("(buy )+now") == ["buy "])
        // Two copies of a large class are too many strings to list: not
        // exact, so the branch requires its "a" (once listed as exact
        // without its strings of two word bytes).
        #expect(try literals("a\\w{2}|b") == ["a", "b"])
        #expect(try literals("\\w{2}|b")?.count == 63)
    }

    /// Random patterns and texts over a small alphabet: whenever the Pike VM
    /// finds a match, one of the required literals is in the text; and the
    /// branches of a top-level alternation match where the whole does.
    @Test func everyMatchContainsARequiredLiteral() throws {
        var random = RuleTesting.Random(state: 0x11E7)
        let atoms = ["ab", "ba", "a", "b", ".", "[ab]", "[^a]", "\\b", "\\w", "\\d", "^", "$", " ", "(ab|ba)",
                     "(a|b )", "(ab )?", "\\s", "cab", "(ca|ab|b)"]
        let quantifiers = ["", "", "", "*", "+", "?", "{2}", "{1,3}", "{0,2}", "{2,}"]
        let alphabet: [[UInt8]] = [[0x61], [0x62], [0x63], [0x20], [0x31], [0xC3, 0xA9], [0x2E]]
        var checked = 0
        var filtered = 0
        for _ in 0..<8000 {
            let pattern = random.pattern(atoms: atoms, quantifiers: quantifiers, atMost: 5)
            guard let program = try? RegexProgram(compiling: Array(pattern.utf8)) else { continue }
            let branches = program.branches
            for _ in 0..<8 {
                // A top-level alternation's branches match together where it does.
                let text = random.text(alphabet, shorterThan: 14)
                let whole = text.withUnsafeBufferPointer { program.matches($0) }
                #expect(whole == text.withUnsafeBufferPointer { view in branches.contains { $0.matches(view) } },
                        "/\(pattern)/ and its \(branches.count) branches disagree on \(text)")
            }
            guard let required = program.requiredLiterals else { continue }
            filtered += 1
            for _ in 0..<8 {
                let text = random.text(alphabet, shorterThan: 14)
                guard text.withUnsafeBufferPointer({ program.matches($0) }) else { continue }
                checked += 1
                #expect(required.contains { occurs($0, in: text) }, "/\(pattern)/ matches \(text) without any of \(required)")
            }
        }
        #expect(filtered > 500)
        #expect(checked > 1000)
    }

    /// The starter rules through the engine, with and without the prefilter:
    /// the same verdict for every case text and for texts built from the
    /// literals themselves (each literal alone, and inside other words).
    @Test func starterRulesDecideAsWithoutThePrefilter() throws {
        let source = try String(contentsOf: RuleCasesTests.directory.appendingPathComponent("commercial.rules"), encoding: .utf8)
        let rules = try RuleSet.parse(source, file: "commercial.rules").rules.filter { $0.matcher == .regex }
        // As the engine runs them: branch by branch.
        let branchRules = rules.flatMap { rule in rule.regex!.branches.map { (rule, $0) } }
        let programs = branchRules.map(\.1)
        #expect(programs.filter { $0.requiredLiterals != nil }.count * 10 >= programs.count * 8,
                "most starter regex branches have required literals")
        var texts = try (RuleCasesTests.cases() + RuleCasesTests.cases("cases-obfuscated.txt")).map(\.text)
        for program in programs {
            for literal in program.requiredLiterals ?? [] {
                let word = String(decoding: literal, as: UTF8.self)
                texts.append("x\(word) \(word)x")
            }
        }
        let normaliser = TextNormaliser()
        let prefilter = RegexPrefilter(programs)
        for text in texts {
            let view = normaliser.normalise(Array(text.utf8)).text
            let mayMatch = view.withUnsafeBufferPointer { prefilter.candidates(in: $0) }
            for (index, program) in programs.enumerated() {
                let matches = view.withUnsafeBufferPointer { program.matches($0) }
                #expect(!matches || mayMatch[index], "\(branchRules[index].0.id) matches \"\(text)\" but the prefilter skips it")
            }
        }
    }

    private func occurs(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
