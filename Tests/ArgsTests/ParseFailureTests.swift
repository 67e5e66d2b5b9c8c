import Testing
import Args

/// Every usage error: exact standard error, nothing on standard output, exit 64.
@Suite struct ParseFailureTests {
    private static let verifyUsage = """
        Usage: trustforum audit verify --data <dir> [--checkpoint <file>]
          See 'trustforum audit verify --help' for more information.

        """
    private static let serveUsage = """
        Usage: trustforum serve --data <dir> [--listen <host:port>]
                          [--auto-migrate|--no-auto-migrate] [--admin-token <token>]
          See 'trustforum serve --help' for more information.

        """
    private static let newUsage = """
        Usage: trustforum threads new --label <tlp> [--to <member> ...]
                          [--topic <topic>] [--ask-experts] [--passphrase <passphrase>]
                          <title> [<body>] [<files> ...]
          See 'trustforum threads new --help' for more information.

        """

    private func expectUsageError(_ arguments: [String], _ message: String, usage: String,
                                  sourceLocation: SourceLocation = #_sourceLocation) {
        let result = Fixture.run(arguments)
        #expect(result.code == 64, sourceLocation: sourceLocation)
        #expect(result.out == "", sourceLocation: sourceLocation)
        #expect(result.err == "Error: \(message)\n" + usage, sourceLocation: sourceLocation)
    }

    @Test func unknownOptionWithSuggestion() {
        expectUsageError(["audit", "verify", "--chekpoint", "c"],
                         "Unknown option '--chekpoint'. Did you mean '--checkpoint'?", usage: Self.verifyUsage)
        expectUsageError(["serve", "--no-auto-migrat"],
                         "Unknown option '--no-auto-migrat'. Did you mean '--no-auto-migrate'?", usage: Self.serveUsage)
        expectUsageError(["audit", "verify", "--frobnicate"], "Unknown option '--frobnicate'", usage: Self.verifyUsage)
        expectUsageError(["audit", "verify", "-x"], "Unknown option '-x'", usage: Self.verifyUsage)
    }

    /// The value attached to an unknown option is never echoed.
    @Test func unknownOptionDropsAttachedValue() {
        expectUsageError(["serve", "--admin-tokn=hunter2"],
                         "Unknown option '--admin-tokn'. Did you mean '--admin-token'?", usage: Self.serveUsage)
        expectUsageError(["audit", "verify", "-x=hunter2"], "Unknown option '-x'", usage: Self.verifyUsage)
    }

    /// Short options take their value as the next argument; the rest of the
    /// token is not echoed, since it may be the value.
    @Test func attachedShortValue() {
        expectUsageError(["audit", "verify", "-d/srv"],
                         "Unknown option '-d…'; give '-d' and its value as separate arguments", usage: Self.verifyUsage)
        expectUsageError(["threads", "new", "-ex"], "Unknown option '-ex'", usage: Self.newUsage)
    }

    @Test func missingValue() {
        expectUsageError(["audit", "verify", "--data"], "Missing value for '--data <dir>'", usage: Self.verifyUsage)
        expectUsageError(["audit", "verify", "-d", "--checkpoint", "c"], "Missing value for '-d <dir>'", usage: Self.verifyUsage)
        expectUsageError(["audit", "verify", "--data", "--", "x"], "Missing value for '--data <dir>'", usage: Self.verifyUsage)
    }

    @Test func unexpectedArgument() {
        expectUsageError(["audit", "verify", "--data", "/d", "extra"], "Unexpected argument 'extra'", usage: Self.verifyUsage)
        expectUsageError(["audit", "verify", "--data", "/d", "--", "--x"], "Unexpected argument '--x'", usage: Self.verifyUsage)
    }

    @Test func missingRequiredArgumentAndOption() {
        expectUsageError(["threads", "new", "--label", "x"], "Missing expected argument '<title>'", usage: Self.newUsage)
        expectUsageError(["threads", "new", "t"], "Missing expected argument '--label <tlp>'", usage: Self.newUsage)
        expectUsageError(["audit", "verify"],
                         "Missing expected argument '--data <dir>' (or set TRUSTFORUM_DATA)", usage: Self.verifyUsage)
    }

    @Test func unknownSubcommandWithSuggestion() {
        let rootUsage = """
            Usage: trustforum <subcommand>
              See 'trustforum --help' for more information.

            """
        expectUsageError(["thraeds"], "Unknown subcommand 'thraeds'. Did you mean 'threads'?", usage: rootUsage)
        expectUsageError(["hlep"], "Unknown subcommand 'hlep'. Did you mean 'help'?", usage: rootUsage)
        expectUsageError(["deploy"], "Unknown subcommand 'deploy'", usage: rootUsage)
        expectUsageError(["--", "audit"], "Unexpected argument 'audit'", usage: rootUsage)
    }

    @Test func flagGivenAValue() {
        expectUsageError(["threads", "new", "--ask-experts=yes"], "Option '--ask-experts' does not take a value", usage: Self.newUsage)
        expectUsageError(["serve", "--no-auto-migrate=1"], "Option '--no-auto-migrate' does not take a value", usage: Self.serveUsage)
        expectUsageError(["serve", "--help=1"], "Option '--help' does not take a value", usage: Self.serveUsage)
    }

    @Test func repeatedSingleOption() {
        expectUsageError(["audit", "verify", "--data", "/a", "-d", "/b"],
                         "Option '--data' may only be given once", usage: Self.verifyUsage)
        expectUsageError(["threads", "new", "-e", "--ask-experts"],
                         "Option '--ask-experts' may only be given once", usage: Self.newUsage)
        expectUsageError(["threads", "new", "--ask-experts", "-e"],
                         "Option '--ask-experts' may only be given once", usage: Self.newUsage)
        expectUsageError(["serve", "--no-auto-migrate", "--no-auto-migrate"],
                         "Option '--no-auto-migrate' may only be given once", usage: Self.serveUsage)
        expectUsageError(["threads", "new", "--label", "a", "--topic", "b", "--topic=c"],
                         "Option '--topic' may only be given once", usage: Self.newUsage)
        expectUsageError(["serve", "--auto-migrate", "--no-auto-migrate"],
                         "Options '--auto-migrate' and '--no-auto-migrate' cannot be combined", usage: Self.serveUsage)
        expectUsageError(["serve", "--no-auto-migrate", "--auto-migrate"],
                         "Options '--no-auto-migrate' and '--auto-migrate' cannot be combined", usage: Self.serveUsage)
    }

    /// The first mistake from the left is the one reported.
    @Test func firstMistakeWins() {
        expectUsageError(["audit", "verify", "--bogus", "extra"], "Unknown option '--bogus'", usage: Self.verifyUsage)
    }

    /// Echoed input cannot carry terminal escapes or bidirectional overrides.
    @Test func controlCharactersAreEscaped() {
        let rootUsage = """
            Usage: trustforum <subcommand>
              See 'trustforum --help' for more information.

            """
        expectUsageError(["\u{1B}[2Jx\u{202E}"], #"Unknown subcommand '\u{1B}[2Jx\u{202E}'"#, usage: rootUsage)
    }

    /// A secret's value appears nowhere, whatever the mistake around it.
    @Test(arguments: [
        ["serve", "--admin-token", "hunter2", "--admin-token", "hunter3"],
        ["serve", "--admin-token=hunter2", "--data"],
        ["serve", "--admin-token", "hunter2"],
        ["serve", "--admin-tokens=hunter2", "--data", "/d"],
        ["serve", "--data", "/d", "--admin-token", "hunter2", "--listen", "nocolon"],
        ["threads", "new", "--passphrase=hunter2"],
        ["serve", "--help", "--admin-token", "hunter2"],
    ])
    func secretsAreNeverPrinted(_ arguments: [String]) {
        let result = Fixture.run(arguments)
        #expect(!result.err.contains("hunter"))
        #expect(!result.out.contains("hunter"))
    }
}
