import Testing
import Args

/// A group's options, git style: given after the group's name and before its
/// subcommand's, visible to the leaf.
@Suite struct ParentOptionTests {
    static let root = Command(
        name: "tool", abstract: "A tool with global options.",
        options: [
            .flag("verbose", short: "v", help: "Say more."),
            .value("config", short: "c", valueName: "file", help: "A configuration file."),
        ],
        subcommands: [
            Command(name: "db", abstract: "Database work.", subcommands: [
                Command(name: "check", abstract: "Check the database.",
                        options: [.flag("quick", help: "Skip the slow checks.")]) { parsed, io in
                    io.print("verbose=\(parsed.flag("verbose")) config=\(parsed.value("config") ?? "-") quick=\(parsed.flag("quick"))")
                    return 0
                },
            ]),
        ])

    @Test func parentOptionsBeforeTheSubcommand() {
        let result = Fixture.run(["-v", "--config", "f.conf", "db", "check", "--quick"], root: Self.root)
        #expect(result == (0, "verbose=true config=f.conf quick=true\n", ""))
    }

    @Test func parentOptionsAfterTheSubcommandAreRefused() {
        #expect(Fixture.run(["db", "check", "--verbose"], root: Self.root) == (64, "", """
            Error: Option '--verbose' belongs to 'tool'; give it before 'db'
            Usage: tool [--verbose] [--config <file>] db check [--quick]
              See 'tool db check --help' for more information.

            """))
        let short = Fixture.run(["db", "-c", "x", "check"], root: Self.root)
        #expect(short.err.hasPrefix("Error: Option '-c' belongs to 'tool'; give it before 'db'\n"))
    }

    @Test func usageShowsWhereParentOptionsGo() {
        let result = Fixture.run(["help", "db"], root: Self.root)
        #expect(result.out.contains("USAGE: tool [--verbose] [--config <file>] db <subcommand>\n"))
    }
}
