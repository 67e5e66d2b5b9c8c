import Args
import Testing
@testable import Commands

@Suite struct CommandTreeTests {
    @Test func treeIsWellFormed() {
        #expect(TrustForumCommand.root.definitionProblems == [])
    }

    @Test func rootHelpListsEveryCommand() {
        let result = CLI.run(["--help"])
        #expect(result.code == 0)
        #expect(result.err == "")
        #expect(result.out.hasPrefix("OVERVIEW: A closed forum where vetted businesses ask confidential cybersecurity\nquestions.\n"))
        for name in ["serve", "init", "migrate", "backup", "restore", "audit", "config", "keys", "apply", "login", "logout", "whoami",
                     "applications", "members", "org", "moderators", "experts"] {
            #expect(result.out.contains("\n  \(name) "), "\(name) missing from the root help")
        }
        #expect(result.out.contains("USAGE: trustforum <subcommand>\n"))
    }

    @Test func helpAndDashDashHelpAreTheSame() {
        let a = CLI.run(["help", "audit", "verify"])
        let b = CLI.run(["audit", "verify", "--help"])
        let c = CLI.run(["audit", "verify", "-h"])
        #expect(a.code == 0 && b.code == 0 && c.code == 0)
        #expect(a.out == b.out)
        #expect(b.out == c.out)
    }

    @Test func auditVerifyHelpIsGolden() {
        let result = CLI.run(["audit", "verify", "--help"])
        #expect(result.out == """
            OVERVIEW: Verify the audit log's hash chain.

            Recomputes every row's keyed hash from the first row on and names the first row
            that was changed, inserted, deleted or reordered. With --checkpoint, also checks
            the chain against a signed checkpoint exported earlier, which detects a
            truncated log and a log rewritten by someone holding the key.

            USAGE: trustforum audit verify [--data <dir>] [--config <file>]
                              [--audit-key <file>] [--signing-key <file>]
                              [--checkpoint <file>]

            OPTIONS:
              -d, --data <dir>        The data directory. (env: TRUSTFORUM_DATA)
              --config <file>         A configuration file (default: <data>/trustforum.conf
                                      when it exists). (env: TRUSTFORUM_CONFIG)
              --audit-key <file>      The audit chain's key file. (default:
                                      <data>/keys/audit.key) (env: TRUSTFORUM_AUDIT_KEY)
              --signing-key <file>    The server's signing key file (audit checkpoints).
                                      (default: <data>/keys/server-signing.key)
                                      (env: TRUSTFORUM_SIGNING_KEY)
              --checkpoint <file>     A signed checkpoint from 'audit checkpoint'.
              -h, --help              Show help information.

            ENVIRONMENT:
              TRUSTFORUM_DATA         Used when --data is not given.
              TRUSTFORUM_CONFIG       Used when --config is not given.
              TRUSTFORUM_AUDIT_KEY    Used when --audit-key is not given.
              TRUSTFORUM_SIGNING_KEY  Used when --signing-key is not given.

            EXIT CODES:
              0                       Success.
              1                       Failure.
              3                       The chain is broken or does not match the checkpoint.
              64                      Usage error: a wrong or missing argument or option.

            """)
    }

    @Test func versionGoesToStdout() {
        let result = CLI.run(["--version"])
        #expect(result.code == 0)
        #expect(result.out == TrustForumVersion.current + "\n")
    }

    @Test func usageErrorsExit64WithAHint() {
        let result = CLI.run(["serv"])
        #expect(result.code == 64)
        #expect(result.out == "")
        #expect(result.err.hasPrefix("Error: Unknown subcommand 'serv'. Did you mean 'serve'?\n"))
        #expect(result.err.contains("See 'trustforum --help' for more information."))
    }

    @Test func missingDataIsAUsageError() {
        let result = CLI.run(["audit", "verify"])
        #expect(result.code == 64)
        #expect(result.err.hasPrefix("Error: Missing expected argument '--data <dir>' (or set TRUSTFORUM_DATA)\n"))
    }

    @Test func failuresExit1WithAClearMessage() {
        let directory = TemporaryDirectory()
        let result = CLI.run(["audit", "verify", "--data", directory.file("none")])
        #expect(result.code == 1)
        #expect(result.err == "Error: \(directory.file("none")) holds no TrustForum store; run 'trustforum init --data \(directory.file("none"))' first\n")
    }
}
