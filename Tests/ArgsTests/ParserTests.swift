import Testing
import Args

/// Successful parses: the spellings of options, flags and positionals.
@Suite struct ParserTests {
    /// Runs `threads new` and returns its `name=value` lines.
    private func threadsNew(_ arguments: [String], environment: [String: String] = [:]) -> [String] {
        let result = Fixture.run(["threads", "new"] + arguments, environment: environment)
        #expect(result.code == 0, "\(result.err)")
        return result.out.split(separator: "\n").map(String.init)
    }

    @Test(arguments: [
        ["--label", "TLP:AMBER", "t"],
        ["--label=TLP:AMBER", "t"],
        ["t", "--label", "TLP:AMBER"],
    ])
    func valueSpellingsAndPlacement(_ arguments: [String]) {
        let lines = threadsNew(arguments)
        #expect(lines.contains("label=TLP:AMBER"))
        #expect(lines.contains("title=t"))
    }

    @Test func shortValueOption() {
        let result = Fixture.run(["audit", "verify", "-d", "/srv/forum"])
        #expect(result.out.hasPrefix("data=/srv/forum source=commandLine\n"))
    }

    @Test func repeatedOptionsAreCollectedInOrder() {
        let lines = threadsNew(["--to", "alice", "--label", "TLP:AMBER", "--to=org:acme", "t", "--to", "bob"])
        #expect(lines.contains(#"to=["alice", "org:acme", "bob"]"#))
    }

    @Test func flagsShortAndLong() {
        #expect(threadsNew(["--label", "x", "t"]).contains("ask-experts=false"))
        #expect(threadsNew(["--label", "x", "--ask-experts", "t"]).contains("ask-experts=true"))
        #expect(threadsNew(["-e", "--label", "x", "t"]).contains("ask-experts=true"))
    }

    @Test func inversion() {
        let on = Fixture.run(["serve", "--data", "/d"]).out
        let off = Fixture.run(["serve", "--data", "/d", "--no-auto-migrate"]).out
        let explicit = Fixture.run(["serve", "--auto-migrate", "--data", "/d"]).out
        #expect(on.contains("auto-migrate=true source=default\n"))
        #expect(off.contains("auto-migrate=false source=commandLine\n"))
        #expect(explicit.contains("auto-migrate=true source=commandLine\n"))
    }

    @Test func positionalsRequiredOptionalVariadic() {
        let one = threadsNew(["--label", "x", "title"])
        #expect(one.contains("title=title") && one.contains("body=- source=absent") && one.contains("files=[]"))
        let many = threadsNew(["--label", "x", "title", "body", "a.pdf", "--topic", "phishing", "b.pdf"])
        #expect(many.contains("body=body source=commandLine"))
        #expect(many.contains(#"files=["a.pdf", "b.pdf"]"#))
        #expect(many.contains("topic=phishing source=commandLine"))
    }

    /// `--` ends the options: what follows is positional, dashes and all.
    @Test func terminatorEndsOptions() {
        let lines = threadsNew(["--label", "x", "--", "-title-", "--to", "-"])
        #expect(lines.contains("title=-title-"))
        #expect(lines.contains("body=--to source=commandLine"))
        #expect(lines.contains(#"files=["-"]"#))
        #expect(lines.contains("to=[]"))
    }

    /// A lone `-` is a value (standard input by convention), not an option.
    @Test func singleDashIsAValue() {
        let lines = threadsNew(["--label", "x", "--topic", "-", "-"])
        #expect(lines.contains("topic=- source=commandLine"))
        #expect(lines.contains("title=-"))
    }

    /// A value beginning with `-` needs `=`; an empty value is a value.
    @Test func dashedAndEmptyValues() {
        #expect(threadsNew(["--label=-x-", "t"]).contains("label=-x-"))
        #expect(threadsNew(["--label=", "t"]).contains("label="))
        #expect(threadsNew(["--label", "", "t"]).contains("label="))
    }

    @Test func commandPath() {
        let result = Fixture.run(["audit", "verify", "--data", "/d"])
        #expect(result.out.hasSuffix("path=trustforum audit verify\n"))
    }
}

/// A variadic argument that needs at least one value.
@Suite struct VariadicTests {
    static let root = Command(
        name: "tool", abstract: "Attach files.",
        arguments: [.variadic("files", help: "Files.", atLeastOne: true)]
    ) { parsed, io in
        io.print(parsed.arguments("files").joined(separator: ","))
        return 0
    }

    @Test func takesAllValues() {
        #expect(Fixture.run(["a", "b", "--", "-c"], root: Self.root) == (0, "a,b,-c\n", ""))
    }

    @Test func needsOne() {
        #expect(Fixture.run([], root: Self.root) == (64, "", """
            Error: Missing expected argument '<files> ...'
            Usage: tool <files> ...
              See 'tool --help' for more information.

            """))
    }
}
