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
        // Ask only someone who sees the warning: standard error is a terminal.
        guard isatty(2) == 1, let tty = FileHandle(forUpdatingAtPath: "/dev/tty") else {
            throw MemberError.refused("no terminal to ask on; run again with --yes to accept the warning above")
        }
        defer { try? tty.close() }
        tty.write(Data("\(question) [y/N] ".utf8))
        var answer: [UInt8] = []
        while true {
            let byte = tty.readData(ofLength: 1)
            guard let first = byte.first, first != UInt8(ascii: "\n") else { break }
            answer.append(first)
            if answer.count > 16 { break }
        }
        let text = String(decoding: answer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return text == "y" || text == "yes"
    }
}
