import Testing
@testable import Commands

/// Help of the member-side commands: golden text, the same through every spelling.
@Suite struct ClientHelpTests {
    @Test func membersSuspendHelpIsGolden() {
        let result = CLI.run(["members", "suspend", "--help"])
        #expect(result.code == 0)
        #expect(result.err == "")
        #expect(result.out == """
            OVERVIEW: Suspend a member, for a period or until reinstated: a signed entry in
            the community log; their sessions end.

            Follows and verifies the community log, signs the suspend entry after its head
            (the reason itself stays off the log; only its hash is signed), checks it as
            every client will, and sends it. If the log moved on meanwhile, it follows again
            and retries once. With --for or --until the server records when the period ends;
            the log cannot end a suspension by itself, so a moderator runs 'trustforum
            members reinstate-due' (for example daily) to sign the reinstatements that are
            due. Moderators act on members, org admins and experts; admins on everyone but
            the root. The keystore's passphrase comes from --passphrase-file, else
            TRUSTFORUM_PASSPHRASE, else the terminal.

            USAGE: trustforum members suspend [--profile <dir>] [--passphrase-file <file>]
                              [--reason <text>] [--for <days>] [--until <date>] <id>

            ARGUMENTS:
              <id>                    The member id.

            OPTIONS:
              --profile <dir>         The profile directory: keystore, server, pinned root,
                                      session (default: $XDG_CONFIG_HOME/trustforum or
                                      ~/.config/trustforum). (env: TRUSTFORUM_HOME)
              --passphrase-file <file>
                                      Read the keystore passphrase from the first line of
                                      this private file (else TRUSTFORUM_PASSPHRASE, else
                                      the terminal).
              --reason <text>         Why (kept by the server, shown to staff).
              --for <days>            Suspend for this many days (1 to 1830).
              --until <date>          Suspend until this day (YYYY-MM-DD, UTC).
              -h, --help              Show help information.

            ENVIRONMENT:
              TRUSTFORUM_HOME         Used when --profile is not given.

            EXIT CODES:
              0                       Success.
              1                       Failure.
              3                       Verification failed: the community log went backwards,
                                      forked or does not verify, or the server's root is not
                                      the pinned one.
              64                      Usage error: a wrong or missing argument or option.

            """)
        #expect(CLI.run(["help", "members", "suspend"]).out == result.out)
    }

    @Test func everyMemberCommandHasHelp() {
        let paths = [["keys", "init"], ["keys", "show"], ["keys", "export"], ["keys", "import"], ["keys", "init-root"], ["apply"], ["login"],
                     ["logout"], ["whoami"], ["applications", "list"], ["applications", "show"], ["applications", "approve"],
                     ["applications", "reject"], ["members", "list"], ["members", "show"], ["members", "keys"], ["members", "warn"],
                     ["members", "suspend"], ["members", "reinstate"], ["members", "remove"], ["members", "erase"], ["org", "invite"],
                     ["org", "members"], ["moderators", "add"], ["moderators", "remove"], ["experts", "add"], ["experts", "remove"]]
        for path in paths {
            let result = CLI.run(path + ["--help"])
            #expect(result.code == 0, "\(path)")
            #expect(result.out.hasPrefix("OVERVIEW: "), "\(path)")
            #expect(result.out.contains("--profile <dir>"), "\(path)")
        }
        #expect(CLI.run(["keys", "init", "--help"]).out.contains("for tests and low-power devices"))
        #expect(CLI.run(["login", "--help"]).out.contains("  3                       Verification failed"))
        #expect(CLI.run(["members", "keys", "--help"]).out.contains("UNVERIFIED KEY CHANGE"))
    }

    @Test func idsAreCheckedBeforeAnythingElse() {
        let result = CLI.run(["members", "show", "not-an-id", "--profile", "/nonexistent/profile"])
        #expect(result.code == 64)
        let usage = CLI.run(["applications", "approve", "42", "--role", "member"], environment: ["TRUSTFORUM_HOME": "/nonexistent/profile"])
        #expect(usage.code == 64)
        #expect(usage.err.hasPrefix("Error: <id> must be an id: a UUID"))
    }
}
