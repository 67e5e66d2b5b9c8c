import Testing
import Args

/// Golden help texts: the exact bytes `trustforum … --help` prints.
@Suite struct HelpFormatterTests {
    static let rootHelp = """
        OVERVIEW: A closed forum where vetted businesses ask confidential cybersecurity
        questions.

        USAGE: trustforum <subcommand>

        OPTIONS:
          --version               Show the version.
          -h, --help              Show help information.

        SUBCOMMANDS:
          serve                   Run the HTTP service.
          audit                   Check and export the audit log.
          threads                 Read and start end-to-end encrypted threads.

          See 'trustforum help <subcommand>' for detailed help.

        """

    static let verifyHelp = """
        OVERVIEW: Verify the audit log's hash chain.

        Recomputes every row's keyed hash and compares it with the stored chain and,
        when given, with a signed checkpoint exported earlier.

        USAGE: trustforum audit verify --data <dir> [--checkpoint <file>]

        OPTIONS:
          -d, --data <dir>        The data directory. (env: TRUSTFORUM_DATA)
          --checkpoint <file>     A signed checkpoint to check the chain against.
          -h, --help              Show help information.

        ENVIRONMENT:
          TRUSTFORUM_DATA         Used when --data is not given.

        EXIT CODES:
          0                       Success.
          1                       Failure.
          3                       The chain is broken or does not match the checkpoint.
          64                      Usage error: a wrong or missing argument or option.

        """

    @Test func rootHelp() {
        let result = Fixture.run(["--help"])
        #expect(result.code == 0)
        #expect(result.out == Self.rootHelp)
        #expect(result.err == "")
    }

    @Test func groupHelpPointsAtHelpSubcommand() {
        let result = Fixture.run(["audit", "--help"])
        #expect(result.code == 0)
        #expect(result.out == """
            OVERVIEW: Check and export the audit log.

            USAGE: trustforum audit <subcommand>

            OPTIONS:
              -h, --help              Show help information.

            SUBCOMMANDS:
              verify                  Verify the audit log's hash chain.

              See 'trustforum help audit <subcommand>' for detailed help.

            """)
    }

    @Test func nestedLeafHelp() {
        let result = Fixture.run(["audit", "verify", "--help"])
        #expect(result.code == 0)
        #expect(result.out == Self.verifyHelp)
        #expect(result.err == "")
    }

    /// Long usage lines flow under the first subcommand; long labels push
    /// their text to the next line; `(env: …)` and `(default: …)` are never
    /// split; every line fits in 80 columns.
    @Test func wrapsAtEightyColumns() {
        let result = Fixture.run(["threads", "new", "-h"])
        #expect(result.out == """
            OVERVIEW: Start an encrypted thread.

            USAGE: trustforum threads new --label <tlp> [--to <member> ...]
                              [--topic <topic>] [--ask-experts] [--passphrase <passphrase>]
                              <title> [<body>] [<files> ...]

            ARGUMENTS:
              <title>                 The thread's title, encrypted before it leaves the
                                      client.
              <body>                  The first post; read from standard input when left
                                      out.
              <files>                 Files to attach.

            OPTIONS:
              --label <tlp>           The TLP 2.0 label, such as TLP:AMBER.
              --to <member>           A member or organisation to add to the thread's
                                      keyring.
              --topic <topic>         A topic from the fixed list. (default: general)
              -e, --ask-experts       Invite the NCSC/DTC experts.
              --passphrase <passphrase>
                                      The keystore passphrase. (env: TRUSTFORUM_PASSPHRASE)
              -h, --help              Show help information.

            ENVIRONMENT:
              TRUSTFORUM_PASSPHRASE   Used when --passphrase is not given.

            """)
        #expect(result.out.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    /// Inversions show both spellings and their default; a secret's default
    /// never appears, not even in part.
    @Test func inversionsAndSecretDefaults() {
        let result = Fixture.run(["serve", "--help"])
        #expect(result.out == """
            OVERVIEW: Run the HTTP service.

            USAGE: trustforum serve --data <dir> [--listen <host:port>]
                              [--auto-migrate|--no-auto-migrate] [--admin-token <token>]

            OPTIONS:
              -d, --data <dir>        The data directory. (env: TRUSTFORUM_DATA)
              --listen <host:port>    The address to listen on. (env: TRUSTFORUM_LISTEN)
                                      (default: 127.0.0.1:8080)
              --auto-migrate/--no-auto-migrate
                                      Apply pending migrations before serving.
                                      (default: --auto-migrate)
              --admin-token <token>   The operator's bearer token.
                                      (env: TRUSTFORUM_ADMIN_TOKEN)
              -h, --help              Show help information.

            ENVIRONMENT:
              TRUSTFORUM_DATA         Used when --data is not given.
              TRUSTFORUM_LISTEN       Used when --listen is not given.
              TRUSTFORUM_ADMIN_TOKEN  Used when --admin-token is not given.

            """)
        #expect(!result.out.contains("hunter2"))
    }

    @Test(arguments: [
        (["help"], [] as [String]),
        (["help", "audit"], ["audit", "--help"]),
        (["help", "audit", "verify"], ["audit", "verify", "--help"]),
        (["help", "audit", "verify"], ["audit", "verify", "-h"]),
        (["audit", "-h", "verify"], ["audit", "verify", "--help"]),
        (["-h", "audit", "verify"], ["audit", "verify", "--help"]),
        (["audit", "verify", "--data", "/d", "--help"], ["audit", "verify", "--help"]),
    ])
    func helpSpellingsPrintTheSameText(_ spelled: [String], _ reference: [String]) {
        let a = Fixture.run(spelled), b = Fixture.run(reference)
        #expect(a.code == 0 && b.code == 0)
        #expect(a.out == b.out && !a.out.isEmpty)
        #expect(a.err == "" && b.err == "")
    }

    /// Help wins over every parse error, before or after it.
    @Test(arguments: [
        ["audit", "verify", "--bogus", "--help"],
        ["audit", "verify", "extra", "-h"],
        ["audit", "verify", "--checkpoint", "-h"],
    ])
    func helpWinsOverErrors(_ arguments: [String]) {
        let result = Fixture.run(arguments)
        #expect(result.code == 0)
        #expect(result.out == Self.verifyHelp)
    }

    /// After `--`, `--help` is an ordinary value.
    @Test func helpAfterTerminatorIsAValue() {
        let result = Fixture.run(["threads", "new", "--label", "TLP:RED", "--", "--help"])
        #expect(result.code == 0)
        #expect(result.out.contains("title=--help\n"))
    }

    /// swift-argument-parser's convention: a group without a run closure,
    /// invoked bare, prints its help to standard output and succeeds.
    @Test func bareGroupPrintsHelp() {
        #expect(Fixture.run([]) == (0, Self.rootHelp, ""))
        #expect(Fixture.run(["audit"]) == Fixture.run(["help", "audit"]))
    }

    @Test func versionAtTheRoot() {
        #expect(Fixture.run(["--version"]) == (0, "1.4.2\n", ""))
        #expect(Fixture.run(["--version", "--help"]).out == Self.rootHelp)
    }

    @Test func versionIsOnlyARootOption() {
        let result = Fixture.run(["audit", "--version"])
        #expect(result.code == 64)
        #expect(result.err.hasPrefix("Error: Unknown option '--version'\n"))
    }

    @Test func helpOfAnUnknownSubcommandIsAnError() {
        #expect(Fixture.run(["help", "audit", "verfy"]) == (64, "", """
            Error: Unknown subcommand 'verfy'. Did you mean 'verify'?
            Usage: trustforum audit <subcommand>
              See 'trustforum audit --help' for more information.

            """))
    }
}
