import Args
import Foundation
import Moderation
import Platform

/// `trustforum policy …`: the moderation rules (Policies/moderation/README.md):
/// check a text, run the test cases beside the rules, reload a running server.
enum PolicyCommand {
    /// `policy check` exit codes (also the meaning of `threads new`'s 4).
    static let heldOrFlagged: Int32 = 3
    static let blocked: Int32 = 4

    /// `--policy-dir DIR`.
    static let policyDir = Option.value(
        "policy-dir", valueName: "dir", help: "A directory of *.rules files (default: the rules compiled into this binary).")

    static let check = Command(
        name: "check",
        abstract: "Evaluate a text with the moderation rules and print the action and the rule ids.",
        discussion: """
            The text comes from FILE or standard input ('-' or no argument), UTF-8. It is normalised and matched exactly as every client does before posting (PROTOCOL.md §7). With --lines each line is a text of its own; the exit code is that of the strongest action over all texts.
            """,
        arguments: [.optional("file", help: "The text to check ('-': standard input).")],
        options: [
            policyDir,
            .flag("lines", help: "Check every line as a text of its own."),
            .flag("json", help: "Print JSON: one object per text, one per line."),
        ],
        exitCodes: [
            (ExitCode.success, "Allowed: no rule matched."),
            (heldOrFlagged, "A rule holds or flags the text (the strongest action was hold or flag)."),
            (blocked, "A rule blocks the text."),
        ],
        run: { parsed, io in
            let engine = try engine(parsed.value("policy-dir"), &io)
            guard let engine else { return ExitCode.failure }
            let path = parsed.argument("file") ?? "-"
            let bytes: [UInt8]
            if path == "-" {
                bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
            } else {
                do { bytes = try Files.read(path) } catch { throw CommandFailure("cannot read \(path): \(error)") }
            }
            guard let text = String(validating: bytes, as: UTF8.self) else { throw UsageError("the text is not UTF-8") }
            // With --lines, blank lines are skipped but keep their numbers.
            let texts = parsed.flag("lines")
                ? text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).enumerated()
                    .filter { !$0.element.allSatisfy(\.isWhitespace) }.map { ($0.offset, $0.element) }
                : [(0, text)]
            var strongest = ModerationAction.allow
            for (index, item) in texts {
                let verdict: Verdict
                do throws(ContentTooLarge) {
                    verdict = try engine.evaluate(Array(item.utf8), as: .publication)
                } catch {
                    throw CommandFailure(error.description)
                }
                strongest = max(strongest, verdict.action)
                let line = parsed.flag("lines") ? index + 1 : nil
                io.print(parsed.flag("json") ? json(verdict, line: line) : plain(verdict, line: line))
            }
            switch strongest {
            case .allow: return ExitCode.success
            case .flag, .hold: return heldOrFlagged
            case .block: return blocked
            }
        })

    static let test = Command(
        name: "test",
        abstract: "Run the test cases beside the moderation rules and report the failures.",
        discussion: """
            Case files are the *.txt files of the policy directory (the compiled-in cases.txt and cases-obfuscated.txt without --policy-dir), one case a line: '<expected>: <text>' with expected commercial (any action), legitimate (allow), allow, flag, hold, block, or missed (a known miss: allow). Prints each failing case as 'file:line: expected …, got …: text' and a summary.
            """,
        options: [policyDir],
        exitCodes: [(ExitCode.success, "Every case got its expected verdict."), (ExitCode.failure, "A case failed, or a rule or case file is invalid.")],
        run: { parsed, io in
            let directory = parsed.value("policy-dir")
            guard let engine = try engine(directory, &io) else { return ExitCode.failure }
            let cases: [RuleSource]
            do throws(PolicyDirectory.Refused) {
                cases = try directory.map { (d) throws(PolicyDirectory.Refused) in try PolicyDirectory.files(d, suffix: ".txt") } ?? PolicyBundle.embeddedCases
            } catch {
                io.printError("Error: \(error)")
                return ExitCode.failure
            }
            guard !cases.isEmpty else { throw CommandFailure("\(directory ?? "the embedded rules"): no *.txt case file") }
            do throws(RuleFileError) {
                let result = try PolicyCases.run(cases, engine: engine)
                for failure in result.failures { io.print(failure.description) }
                io.print("\(result.count) cases in \(cases.count) file\(cases.count == 1 ? "" : "s"), \(result.failures.count) failed.")
                return result.failures.isEmpty ? ExitCode.success : ExitCode.failure
            } catch {
                for problem in error.problems { io.printError(problem.description) }
                io.printError("Error: the case files are invalid.")
                return ExitCode.failure
            }
        })

    static let command = Command(
        name: "policy",
        abstract: "The moderation rules: check a text, run their test cases, reload a running server.",
        discussion: """
            Rules are data (Policies/moderation/*.rules, format trustforum-rules/v1); the server serves them as one bundle (GET /v1/policies/moderation) that every client evaluates before encrypting a post. 'check' and 'test' use the rules compiled into this binary unless --policy-dir names a directory of *.rules files.
            """,
        subcommands: [check, test, PolicyReloadCommand.command])

    /// The engine of `directory`'s rules (or the embedded ones); prints every
    /// problem as `file:line: reason` and returns nil when they are invalid.
    static func engine(_ directory: String?, _ io: inout CommandIO) throws -> RuleEngine? {
        do throws(PolicyDirectory.Refused) {
            return try PolicyDirectory.bundle(directory).policy.engine
        } catch {
            for problem in error.problems { io.printError(problem) }
            io.printError("Error: the moderation rules are invalid; nothing was checked.")
            return nil
        }
    }

    /// `hold  nl-demo, nl-x` and a line per rule with its reason.
    static func plain(_ verdict: Verdict, line: Int?) -> String {
        let prefix = line.map { "line \($0): " } ?? ""
        var out = prefix + verdict.action.description
        if !verdict.matches.isEmpty { out += "  " + verdict.ruleIDs.joined(separator: ", ") }
        for match in verdict.matches { out += "\n  \(match.id) (\(match.action)): \(match.reason)" }
        return out
    }

    /// `{"action":…,"line"?:…,"rules":[{"action","id","reason"}]}`, sorted keys.
    static func json(_ verdict: Verdict, line: Int?) -> String {
        var object: [String: Any] = [
            "action": verdict.action.description,
            "rules": verdict.matches.map { ["id": $0.id, "action": $0.action.description, "reason": $0.reason] },
        ]
        if let line { object["line"] = line }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
