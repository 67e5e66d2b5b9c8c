import Foundation
import Platform
import Testing
@testable import Commands

/// `trustforum policy check` and `policy test`, with the embedded rules and
/// with a --policy-dir; `serve` refusing to start on invalid rules.
@Suite struct PolicyCommandTests {
    static let rules = """
        format trustforum-rules/v1
        t-block block phrase "buy our product" -- Selling is not allowed here.
        t-flag  flag  word   "korting"         -- Kortingen horen niet op dit forum.
        t-hold  hold  phrase "book a demo"     -- Sales calls to action are not allowed here.

        """

    static func directory(_ files: [String: String]) throws -> TemporaryDirectory {
        let directory = TemporaryDirectory()
        for (name, text) in files { try Files.writeAtomically(directory.file(name), Array(text.utf8), mode: 0o600) }
        return directory
    }

    @Test func checkExitsByTheStrongestAction() throws {
        let d = try Self.directory(["a.rules": Self.rules, "allow.txt": "Hoe melden wij een datalek?\n", "flag.txt": "20% korting\n",
                                    "hold.txt": "Book a demo", "block.txt": "Buy our product", "lines.txt": "hello\n20% korting\n\nBook a demo\n"])
        func check(_ file: String, _ extra: [String] = []) -> CLI.Result {
            CLI.run(["policy", "check", d.file(file), "--policy-dir", d.path] + extra)
        }
        let allow = check("allow.txt")
        #expect(allow.code == 0 && allow.out == "allow\n", "\(allow.out)\(allow.err)")
        let flag = check("flag.txt")
        #expect(flag.code == 3 && flag.out == "flag  t-flag\n  t-flag (flag): Kortingen horen niet op dit forum.\n", "\(flag.out)")
        #expect(check("hold.txt").code == 3)
        let block = check("block.txt", ["--json"])
        #expect(block.code == 4)
        #expect(block.out == #"{"action":"block","rules":[{"action":"block","id":"t-block","reason":"Selling is not allowed here."}]}"# + "\n")
        let lines = check("lines.txt", ["--lines", "--json"])
        #expect(lines.code == 3, "\(lines.err)")
        let objects = lines.out.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.map { $0["line"] as? Int ?? 0 } == [1, 2, 4])
        #expect(objects.map { $0["action"] as? String ?? "" } == ["allow", "flag", "hold"])
        let plainLines = check("lines.txt", ["--lines"])
        #expect(plainLines.out.hasPrefix("line 1: allow\nline 2: flag  t-flag\n"), "\(plainLines.out)")
        // The embedded rules by default.
        let embedded = CLI.run(["policy", "check", d.file("hold.txt")])
        #expect(embedded.code == 3 && embedded.out.hasPrefix("hold  "), "\(embedded.out)")
        #expect(CLI.run(["policy", "check", d.file("allow.txt")]).code == 0)
        // Usage and failures.
        #expect(CLI.run(["policy", "check", d.file("allow.txt"), "--bogus"]).code == 64)
        #expect(CLI.run(["policy", "check", d.file("missing.txt")]).code == 1)
    }

    @Test func aBadRuleFileIsRefusedWithFileAndLine() throws {
        let d = try Self.directory(["a.rules": Self.rules, "b.rules": "format trustforum-rules/v1\n# c\nx flag wurd \"korting\" -- K.\n",
                                    "t.txt": "hello\n"])
        let result = CLI.run(["policy", "check", d.file("t.txt"), "--policy-dir", d.path])
        #expect(result.code == 1)
        #expect(result.out == "")
        #expect(result.err.hasPrefix("\(d.file("b.rules")):3: unknown matcher 'wurd'"), "\(result.err)")
        let empty = TemporaryDirectory()
        #expect(CLI.run(["policy", "test", "--policy-dir", empty.path]).err.contains("no *.rules file"))
    }

    @Test func testPassesOnTheShippedFilesAndNamesAWrongCase() throws {
        let shipped = CLI.run(["policy", "test"])
        #expect(shipped.code == 0, "\(shipped.out)\(shipped.err)")
        #expect(shipped.out.hasSuffix("cases in 2 files, 0 failed.\n"), "\(shipped.out)")

        let policies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Policies/moderation").path
        #expect(CLI.run(["policy", "test", "--policy-dir", policies]).code == 0)

        let d = try Self.directory(["a.rules": Self.rules,
                                    "cases.txt": "# cases\nblock: please buy our product\nlegitimate: 20% korting\nflag: korting!\n"])
        let wrong = CLI.run(["policy", "test", "--policy-dir", d.path])
        #expect(wrong.code == 1)
        #expect(wrong.out == "\(d.file("cases.txt")):3: expected legitimate, got flag [t-flag]: 20% korting\n3 cases in 1 file, 1 failed.\n", "\(wrong.out)")
        let malformed = try Self.directory(["a.rules": Self.rules, "cases.txt": "spam: x\n"])
        let refused = CLI.run(["policy", "test", "--policy-dir", malformed.path])
        #expect(refused.code == 1 && refused.err.hasPrefix("\(malformed.file("cases.txt")):1: expected `<label>: <text>`"), "\(refused.err)")
    }

    @Test func serveRefusesToStartOnInvalidRules() throws {
        let work = TemporaryDirectory()
        let admin = Person(profile: work.file("admin"))
        #expect(admin.run(["keys", "init-root", "--out", work.file("root.json"), "--kdf", "interactive"]).code == 0)
        #expect(CLI.run(["init", "--data", work.file("data"), "--root-cert", work.file("root.json")]).code == 0)
        let d = try Self.directory(["b.rules": "format trustforum-rules/v1\nx flag word \"korting\" K.\n"])
        let serve = CLI.run(["serve", "--data", work.file("data"), "--listen", "127.0.0.1:0", "--policy-dir", d.path])
        #expect(serve.code == 1)
        #expect(serve.err.contains("not starting:\n\(d.file("b.rules")):2: expected ' -- ' and a reason after the pattern"), "\(serve.err)")
    }
}
