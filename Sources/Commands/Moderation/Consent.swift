import Args
import Client
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Asking the user on the terminal before TLP:RED text leaves its thread or
/// is shown (PROTOCOL.md §6: "A client warns before revealing TLP:RED text").
/// The question goes to and the answer comes from `/dev/tty`, not standard
/// input and output, so a script cannot answer it by accident; without a
/// terminal the command refuses and names `--yes`.
enum Consent {
    /// `--yes`.
    static let yes = Option.flag("yes", short: "y", help: "Do not ask before TLP:RED text is sent or shown (you accept the warning).")

    /// True when the user typed y or yes; `warning` was printed first to standard error.
    static func ask(_ question: String, warning: String, _ parsed: ParsedArguments, _ io: inout CommandIO) throws -> Bool {
        io.printError(warning)
        if parsed.flag("yes") { return true }
        guard let text = answer("\(question) [y/N] ") else {
            throw MemberError.refused("no answer on a terminal; run again with --yes to accept the warning above")
        }
        return isYes(text)
    }

    /// The answer, lower-cased and trimmed, to `question` asked on the
    /// terminal (`TerminalPrompt`, echo on) of someone who sees the warnings
    /// before it: nil when standard error is not a terminal, there is no
    /// terminal, or input ended.
    static func answer(_ question: String) -> String? {
        guard isatty(2) == 1 else { return nil }
        return try? TerminalPrompt().readAnswer(prompt: question).trimmingCharacters(in: .whitespaces).lowercased()
    }

    static func isYes(_ text: String) -> Bool { text == "y" || text == "yes" }
}
