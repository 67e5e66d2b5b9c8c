import Testing
@testable import Commands

/// The moderation commands (mod-spec §4): listed, with help, and usage
/// errors caught before any profile, keystore or server is touched.
@Suite struct ModerationCommandTests {
    let item = "0b5e0000-0000-4000-8000-000000000000"

    @Test func everyModerationCommandHasHelp() {
        #expect(CLI.run(["--help"]).out.contains("\n  report "))
        #expect(CLI.run(["--help"]).out.contains("\n  mod "))
        #expect(CLI.run(["--help"]).out.contains("\n  appeal "))
        for path in [["report"], ["appeal"], ["mod", "queue"], ["mod", "show"], ["mod", "decide"], ["mod", "appeals"], ["mod", "mine"]] {
            let result = CLI.run(path + ["--help"])
            #expect(result.code == 0, "\(path)")
            #expect(result.out.hasPrefix("OVERVIEW: "), "\(path)")
            #expect(CLI.run(["help"] + path).out == result.out, "\(path)")
        }
        #expect(CLI.run(["report", "--help"]).out.contains("TLP:RED"))
        #expect(CLI.run(["mod", "show", "--help"]).out.contains("-y, --yes"))
    }

    @Test func usageErrorsExit64() {
        for args in [["mod", "decide", item, "--approve", "--remove", "--reason", "r"], ["mod", "decide", item, "--reason", "r"],
                     ["mod", "decide", "not-an-id", "--warn", "--reason", "r"], ["report", item, "--reason", "r"],
                     ["report", item, "--thread", "x", "--reason", "r"], ["report", "x", "--thread", item, "--reason", "r"],
                     ["appeal", item, "--reason", "  "], ["mod", "show", "x"], ["mod", "queue", "--state", "closed-ish"]] {
            let result = CLI.run(args)
            #expect(result.code == 64, "\(args): \(result.err)")
            #expect(result.err.hasPrefix("Error: "), "\(args)")
        }
    }
}
