import Testing
import Args

/// What happens after a successful parse: the run closure's result and errors.
@Suite struct ArgsRunnerTests {
    @Test func returnsTheRunClosuresExitCode() {
        #expect(Fixture.run(["serve", "--data", "/d"]).code == 0)
        #expect(Fixture.run(["serve", "--data", "/d", "--listen", "h:9"]).code == 9)
    }

    /// A thrown UsageError looks exactly like a parse error.
    @Test func usageErrorFromRun() {
        #expect(Fixture.run(["serve", "--data", "/d", "--listen", "nocolon"]) == (64, "", """
            Error: --listen must be HOST:PORT
            Usage: trustforum serve --data <dir> [--listen <host:port>]
                              [--auto-migrate|--no-auto-migrate] [--admin-token <token>]
              See 'trustforum serve --help' for more information.

            """))
    }

    /// Any other error: its description alone, exit 1.
    @Test func otherErrorFromRun() {
        #expect(Fixture.run(["serve", "--data", "/d", "--listen", "h:0"]) == (1, "", "Error: cannot bind h:0\n"))
    }

    /// A group may also run when named bare; then `<subcommand>` is optional.
    @Test func groupWithRunClosure() {
        let root = Command(
            name: "tool", abstract: "A tool.",
            subcommands: [Command(name: "status", abstract: "Show the status.") { _, io in io.print("status"); return 0 }]
        ) { _, io in
            io.print("root ran")
            return 0
        }
        #expect(Fixture.run([], root: root) == (0, "root ran\n", ""))
        #expect(Fixture.run(["status"], root: root) == (0, "status\n", ""))
        #expect(Fixture.run(["-h"], root: root).out.contains("USAGE: tool [<subcommand>]\n"))
    }

    @Test func commandIOWritesAndCaptures() {
        var io = CommandIO.capturing(environment: ["A": "1"])
        io.print("one")
        io.print("two", terminator: "")
        io.printError("oops")
        #expect(io.output == .buffer("one\ntwo"))
        #expect(io.errorOutput.text == "oops\n")
        #expect(io.environment == ["A": "1"])
        #expect(TextSink.standardOutput.text == "")
    }

    /// The real streams, observed from a child process.
    @Test func processIOWritesTheStandardStreams() async throws {
        let result = try await #require(processExitsWith: .success,
                                        observing: [\.standardOutputContent, \.standardErrorContent]) {
            var io = CommandIO.process()
            io.print("to stdout")
            io.printError("to stderr")
        }
        #expect(String(decoding: result.standardOutputContent, as: UTF8.self) == "to stdout\n")
        #expect(String(decoding: result.standardErrorContent, as: UTF8.self) == "to stderr\n")
    }

    @Test func processIOReadsTheEnvironment() {
        let io = CommandIO.process()
        #expect(io.output == .standardOutput && io.errorOutput == .standardError)
        #expect(io.environment["PATH"] != nil)
    }
}
