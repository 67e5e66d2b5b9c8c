import Testing
@testable import Moderation

@Suite struct RuleRegexTests {
    private func matches(_ pattern: String, _ text: String) throws -> Bool {
        let program = try RegexProgram(compiling: Array(pattern.utf8))
        let bytes = Array(text.utf8)
        let answer = bytes.withUnsafeBufferPointer { program.matches($0) }
        let reference = RegexBacktracker.matches(program.tree, in: bytes)
        #expect(reference == nil || reference == answer, "VM and reference disagree on /\(pattern)/ in \(text)")
        return answer
    }

    @Test(arguments: [
        ("demo", "a demo here", true), ("demo", "dem o", false),
        ("d.mo", "dxmo", true), ("d.mo", "d€mo", true), ("d.mo", "d\nmo", false), ("d..mo", "d€mo", false), ("d...mo", "d€mo", true),
        ("^demo", "demo day", true), ("^demo", "a demo", false), ("demo$", "a demo", true), ("demo$", "demo a", false),
        ("\\bdemo\\b", "a demo.", true), ("\\bdemo\\b", "demos", false), ("\\Bemo", "demo", true), ("\\Bemo", "emo", false),
        ("[a-c]x", "bx", true), ("[a-c]x", "dx", false), ("[^a-c]x", "dx", true), ("[^a-c]x", "ax", false), ("[^a-c]x", "éx", true),
        ("[\\d.]+%", "12.5%", true), ("\\d{3}", "12", false), ("\\d{3}", "a123", true), ("^\\d{2,3}$", "1234", false),
        ("^\\d{2,3}$", "123", true), ("^a{2,}$", "aaaa", true), ("^a{2,}$", "a", false), ("x\\s+y", "x \t y", true),
        ("\\w+@\\w+\\.nl", "mail jan@shop.nl", true), ("(ab|cd)+e", "xcdabe", true), ("(ab|cd)+e", "ace", false),
        ("colou?r", "color", true), ("colou?r", "colouur", false), ("(?:per|/) ?maand", "/maand", true),
        ("\\W", "abc", false), ("\\W", "a b", true), ("\\D\\S", "1a", false), ("\\x41|q", "q", true),
        ("a\\.b", "a.b", true), ("a\\.b", "axb", false), ("\\(x\\)", "(x)", true), ("€\\d", "€5", true),
        ("a+?b", "aab", true), ("(a|b)*c", "ababc", true),
    ])
    func subsetSemantics(pattern: String, text: String, expected: Bool) throws {
        #expect(try matches(pattern, text) == expected)
    }

    @Test func pathologicalPatternsRunInLinearTime() throws {
        let text = [UInt8](repeating: UInt8(ascii: "a"), count: 100_000)
        for pattern in ["(a|aa)*b", "(a*)*b", "(a+)+b", "(a|a)*b", "(a?){50}a{50}b", "^(\\w+\\s?)*$x"] {
            let program = try RegexProgram(compiling: Array(pattern.utf8))
            #expect(text.withUnsafeBufferPointer { program.matches($0) } == false, "\(pattern)")
        }
    }

    @Test func agreesWithTheBacktrackerOnRandomInputs() throws {
        var random = RuleTesting.Random(state: 2024)
        let atoms = ["a", "b", ".", "[ab]", "[^a]", "\\b", "\\w", "\\d", "^", "$", " ", "(a|b)", "(ab|a)", "\\s", "é"]
        let quantifiers = ["", "", "", "*", "+", "?", "{2}", "{1,3}", "{0,2}", "{2,}"]
        let alphabet: [[UInt8]] = [[0x61], [0x62], [0x20], [0x31], [0xC3, 0xA9], [0xFF], [0x2E]]
        var compared = 0
        for _ in 0..<4000 {
            let pattern = random.pattern(atoms: atoms, quantifiers: quantifiers, atMost: 4)
            guard let program = try? RegexProgram(compiling: Array(pattern.utf8)) else { continue }
            for _ in 0..<5 {
                let text = random.text(alphabet, shorterThan: 10)
                let answer = text.withUnsafeBufferPointer { program.matches($0) }
                if let reference = RegexBacktracker.matches(program.tree, in: text) {
                    #expect(answer == reference, "/\(pattern)/ on \(text)")
                    compared += 1
                }
            }
        }
        #expect(compared > 5000)
    }

    @Test func regexRulesLookAtTheTextView() throws {
        let engine = try RuleTesting.engine("r hold regex \"\\bbel (ons|mij) op\\b\" -- no sales calls")
        #expect(engine.check("Bel ons op 010-1234567").ruleIDs == ["r"])
        #expect(engine.check("bel  MIJ  op").ruleIDs == ["r"])
        #expect(engine.check("belons op").action == .allow)
    }
}
