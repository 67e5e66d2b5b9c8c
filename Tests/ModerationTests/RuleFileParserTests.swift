import Testing
@testable import Moderation

@Suite struct RuleFileParserTests {
    @Test func parsesAWellFormedFile() throws {
        let source = """
        # Commercial content
        format trustforum-rules/v1

        # offers
        demo-en   hold  phrase "book a demo"        -- Sales calls to action are not allowed here.
        korting   flag  word   "korting"            -- Kortingen horen niet op dit forum.
        shop      block domain "shop.example.nl"    -- Links to web shops are not allowed.
        prices    hold  price  "recurring"          -- Prices with a period look like an offer.
        quote     hold  regex  "\\bofferte\\b"      -- Vraag geen offertes aan via het forum.
        quoted    flag  phrase "say \\"hi\\" \\\\ now"  -- Escapes work.
        """
        let set = try RuleSet.parse(source, file: "c.rules")
        #expect(set.rules.map(\.id) == ["demo-en", "korting", "shop", "prices", "quote", "quoted"])
        #expect(set.rules.map(\.action) == [.hold, .flag, .block, .hold, .hold, .flag])
        #expect(set.rules.map(\.matcher) == [.phrase, .word, .domain, .price, .regex, .phrase])
        #expect(set.rules[0].reason == "Sales calls to action are not allowed here.")
        #expect(set.rules[3].priceForm == .recurring)
        #expect(set.rules[4].pattern == "\\bofferte\\b")
        #expect(set.rules[5].pattern == "say \"hi\" \\ now")
        #expect(set.rules[2].location == SourceLocation(file: "c.rules", line: 7))
    }

    @Test func acceptsCRLFAndTabs() throws {
        let set = try RuleSet.parse("format trustforum-rules/v1\r\na\tflag\tword\t\"x1\"\t--\treason\r\n", file: "f")
        #expect(set.rules.first?.reason == "reason")
    }

    @Test(arguments: [
        ("a allow phrase \"x\" -- r", "t.rules:2: unknown action 'allow' (expected block, hold or flag)"),
        ("a hold phrases \"x\" -- r", "t.rules:2: unknown matcher 'phrases' (expected phrase, word, domain, price or regex)"),
        ("A hold phrase \"x\" -- r", "t.rules:2: invalid rule id 'A' (use a-z, 0-9 and -)"),
        ("a hold phrase x -- r", "t.rules:2: expected a quoted pattern after the matcher"),
        ("a hold phrase \"x -- r", "t.rules:2: unterminated pattern: a closing \" is missing (write \\\" for a quote inside it)"),
        ("a hold phrase \"x\" r", "t.rules:2: expected ' -- ' and a reason after the pattern"),
        ("a hold phrase \"x\"-- r", "t.rules:2: expected ' -- ' and a reason after the pattern"),
        ("a hold phrase \"x\" --", "t.rules:2: missing reason after --"),
        ("a hold phrase \"x\" --   ", "t.rules:2: missing reason after --"),
        ("a hold phrase \"\" -- r", "t.rules:2: empty pattern"),
        ("a hold phrase \"!!\" -- r", "t.rules:2: a phrase pattern needs at least one letter or digit"),
        ("a hold word \"two words\" -- r", "t.rules:2: a word pattern is one word; use phrase for several"),
        ("a hold price \"cheap\" -- r", "t.rules:2: unknown price form 'cheap' (expected one of \"any\", \"recurring\", \"excl-vat\", \"vat\", \"from\")"),
        ("a hold domain \"https://x.nl\" -- r", "t.rules:2: a domain pattern is a host name only, without scheme, port or path"),
        ("a hold domain \"localhost\" -- r", "t.rules:2: a domain pattern needs at least two labels (example.nl)"),
        ("a hold domain \"Shop.nl\" -- r", "t.rules:2: write the domain in lower case"),
        ("a hold domain \"a..nl\" -- r", "t.rules:2: empty label in domain (two dots in a row, or a dot at an end)"),
        ("a hold regex \"(a)\\\\1\" -- r", "t.rules:2: invalid regex at column 18: backreferences are not supported"),
        ("a hold regex \"x(?=y)\" -- r", "t.rules:2: invalid regex at column 16: look-around is not supported"),
        ("a hold regex \"x(?<!y)\" -- r", "t.rules:2: invalid regex at column 16: look-around is not supported"),
        ("a hold regex \"(ab\" -- r", "t.rules:2: invalid regex at column 15: unclosed group ("),
        ("a hold regex \"ab)\" -- r", "t.rules:2: invalid regex at column 17: unmatched )"),
        ("a hold regex \"[z-a]\" -- r", "t.rules:2: invalid regex at column 16: class range is reversed"),
        ("a hold regex \"a{2,1000}\" -- r", "t.rules:2: invalid regex at column 16: repetition bounds above 100 are not supported"),
        ("a hold regex \"a**\" -- r", "t.rules:2: invalid regex at column 17: nested quantifier; put the repeated part in a group"),
        ("a hold regex \"*a\" -- r", "t.rules:2: invalid regex at column 15: nothing to repeat before *"),
        ("a hold regex \"a*\" -- r", "t.rules:2: invalid regex at column 15: the regex matches the empty text, so it would match every text"),
        ("a hold regex \"Demo\" -- r", "t.rules:2: invalid regex at column 15: upper-case letters never match (texts are case-folded); write lower case"),
        ("a hold regex \"\\\\q\" -- r", "t.rules:2: invalid regex at column 15: unknown escape \\q"),
        ("a hold regex \"[é]\" -- r", "t.rules:2: invalid regex at column 16: classes may hold ASCII characters only"),
        ("a hold regex \"é(\" -- r", "t.rules:2: invalid regex at column 16: unclosed group ("),
    ])
    func refusesEachKindOfMistake(line: String, expected: String) {
        #expect(RuleTesting.problems(RuleTesting.file(line)) == [expected])
    }

    @Test func reportsEveryProblemNotJustTheFirst() {
        let source = RuleTesting.file(
            "ok flag word \"fine\" -- fine",
            "ok hold word \"again\" -- duplicate",
            "# a comment is fine",
            "bad zap nope \"x\" -- two problems on one line",
            "",
            "late hold regex \"(?=x)\" -- look-around")
        #expect(RuleTesting.problems(source) == [
            "t.rules:3: duplicate rule id 'ok' (first defined on line 2)",
            "t.rules:5: unknown action 'zap' (expected block, hold or flag)",
            "t.rules:5: unknown matcher 'nope' (expected phrase, word, domain, price or regex)",
            "t.rules:7: invalid regex at column 18: look-around is not supported",
        ])
    }

    @Test func requiresTheFormatLineFirstAndOnce() {
        #expect(RuleTesting.problems("") == ["t.rules:1: missing the first line `format trustforum-rules/v1`"])
        #expect(RuleTesting.problems("# only comments\n\n") == ["t.rules:1: missing the first line `format trustforum-rules/v1`"])
        #expect(RuleTesting.problems("a flag word \"x\" -- r\n") == ["t.rules:1: the first line must be `format trustforum-rules/v1`"])
        #expect(RuleTesting.problems("format trustforum-rules/v2\n") == ["t.rules:1: unsupported format 'trustforum-rules/v2'; expected `format trustforum-rules/v1`"])
        #expect(RuleTesting.problems(RuleTesting.file("format trustforum-rules/v1")) == ["t.rules:2: a second format line (only the first line may name the format)"])
    }

    @Test func refusesInvalidUTF8WithoutTrapping() {
        var bytes = Array("format trustforum-rules/v1\na flag phrase \"".utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array("\" -- r\nb flag phrase \"x\" -- ".utf8) + [0xC3]
        do throws(RuleFileError) {
            _ = try RuleSet.parse(utf8: bytes, file: "u")
            Issue.record("parsed")
        } catch {
            #expect(error.problems.map(\.description) == ["u:2: pattern is not valid UTF-8", "u:3: reason is not valid UTF-8"])
        }
    }

    @Test func neverCrashesOnRandomBytes() {
        var random = RuleTesting.Random(state: 7)
        let alphabet = Array("format trustforum-rules/v1 \n\"\\-#abc hold flag block phrase word regex domain price ([{*+?|}]) é€".utf8) + [0xFF, 0x00, 0x0D]
        for _ in 0..<3000 {
            let bytes = (0..<random.below(200)).map { _ in alphabet[random.below(alphabet.count)] }
            _ = try? RuleSet.parse(utf8: bytes, file: "r")
            _ = try? RuleSet.parse(utf8: Array("format trustforum-rules/v1\n".utf8) + bytes, file: "r")
        }
    }

    @Test func combiningRefusesAnIDInTwoFiles() throws {
        let a = try RuleSet.parse(RuleTesting.file("x flag word \"a\" -- r"), file: "a.rules")
        let b = try RuleSet.parse(RuleTesting.file("y flag word \"b\" -- r", "x hold word \"c\" -- r"), file: "b.rules")
        #expect(throws: RuleFileError(problems: [.init(file: "b.rules", line: 3, message: "duplicate rule id 'x' (first defined at a.rules:2)")])) {
            _ = try RuleSet(combining: [a, b])
        }
    }

    @Test func engineRefusesPatternsThatNormaliseBadly() throws {
        let set = try RuleSet.parse(RuleTesting.file("w flag word \"x\" -- r", "p flag phrase \"y\" -- r"), file: "n.rules")
        #expect(throws: RuleFileError(problems: [
            .init(file: "n.rules", line: 3, message: "the pattern normalises to nothing"),
            .init(file: "n.rules", line: 2, message: "the word pattern normalises to several words; use phrase"),
        ])) {
            _ = try RuleEngine(set, normalise: { bytes in
                bytes == Array("x".utf8) ? NormalisedInput(text: Array("a b".utf8), skeleton: []) : NormalisedInput(text: [], skeleton: [])
            })
        }
    }
}
