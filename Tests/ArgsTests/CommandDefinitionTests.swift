import Testing
import Args

/// Mistakes in a command tree are found before any command line is parsed.
@Suite struct CommandDefinitionTests {
    private static let noop: Command.Run = { _, _ in 0 }

    @Test func fixtureIsSound() {
        #expect(Fixture.root.definitionProblems == [])
        #expect(ParentOptionTests.root.definitionProblems == [])
    }

    @Test func reportsEachMistake() {
        let root = Command(
            name: "tool", abstract: "",
            options: [.flag("version", help: ""), .value("Data", short: "h", help: "")],
            subcommands: [
                Command(name: "help", abstract: "", run: Self.noop),
                Command(name: "both", abstract: "", arguments: [.required("a", help: "")],
                        subcommands: [Command(name: "x", abstract: "", run: Self.noop)]),
                Command(name: "empty", abstract: ""),
                Command(name: "opts", abstract: "", options: [
                    .value("a", help: "", default: "1", required: true),
                    .flag("on", help: "", default: true),
                    .value("b", help: "", env: "lower_case"),
                    .flag("c", help: "", inversion: true), .flag("no-c", help: ""),
                ], run: Self.noop),
                Command(name: "args", abstract: "", arguments: [
                    .optional("o", help: ""), .required("r", help: ""),
                    .variadic("v", help: ""), .variadic("w", help: ""),
                ], run: Self.noop),
                Command(name: "args", abstract: "", run: Self.noop),
            ])
        #expect(root.definitionProblems == [
            "'tool': option 'version' is declared twice or reserved",
            "'tool': option name 'Data' is not lowercase words joined by '-'",
            "'tool': short name '-h' is not a letter, is declared twice or is reserved",
            "'tool': subcommand 'help' is declared twice or reserved",
            "'tool both': has both subcommands and arguments",
            "'tool empty': has neither subcommands nor a run closure",
            "'tool opts': option '--a' is required and has a default",
            "'tool opts': option '--on' defaults to true without an inversion",
            "'tool opts': option '--b' reads environment variable 'lower_case', not an upper-case name",
            "'tool opts': option 'no-c' is declared twice or reserved",
            "'tool args': argument 'r' is out of order (required, optional, then one variadic)",
            "'tool args': argument 'w' is out of order (required, optional, then one variadic)",
            "'tool': subcommand 'args' is declared twice or reserved",
        ])
    }

    /// Names are unique along a path, so a leaf cannot shadow its group's option.
    @Test func namesAreUniqueAlongAPath() {
        let root = Command(
            name: "tool", abstract: "", options: [.value("data", short: "d", help: "")],
            subcommands: [
                Command(name: "leaf", abstract: "", arguments: [.required("data", help: "")],
                        options: [.flag("quiet", short: "d", help: "")], run: Self.noop),
                Command(name: "other", abstract: "", options: [.flag("version", help: "")], run: Self.noop),
            ])
        #expect(root.definitionProblems == [
            "'tool leaf': short name '-d' is not a letter, is declared twice or is reserved",
            "'tool leaf': argument 'data' is declared twice or reserved",
        ])
    }
}

/// Programmer errors stop the process rather than read as "absent".
@Suite struct ProgrammerErrorTests {
    @Test func runnerRefusesAnUnsoundTree() async {
        await #expect(processExitsWith: .failure) {
            var io = CommandIO.capturing()
            _ = ArgsRunner.run(Command(name: "tool", abstract: ""), version: "1", arguments: [], io: &io)
        }
    }

    @Test func askingForAnUndeclaredNameStops() async {
        await #expect(processExitsWith: .failure) {
            let root = Command(name: "tool", abstract: "") { parsed, _ in parsed.value("dta") == nil ? 0 : 1 }
            var io = CommandIO.capturing()
            _ = ArgsRunner.run(root, version: "1", arguments: [], io: &io)
        }
    }

    @Test func askingAFlagForAValueStops() async {
        await #expect(processExitsWith: .failure) {
            let root = Command(name: "tool", abstract: "", options: [.flag("force", help: "")]) { parsed, _ in
                parsed.value("force") == nil ? 0 : 1
            }
            var io = CommandIO.capturing()
            _ = ArgsRunner.run(root, version: "1", arguments: [], io: &io)
        }
    }
}
