import Args
import Client
import Foundation

/// Text output of the member-side commands: aligned tables and
/// `label  value` blocks, times in UTC, and `--json`.
enum Output {
    /// Columns separated by two spaces, each as wide as its widest cell;
    /// no trailing spaces. A table without rows prints `empty` instead.
    static func table(_ headers: [String], _ rows: [[String]], empty: String) -> String {
        guard !rows.isEmpty else { return empty + "\n" }
        let rows = rows.map { $0.map(plain) }
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    /// `label  value` lines with the values aligned; nil values are left out.
    static func fields(_ rows: [(String, String?)]) -> String {
        let present = rows.compactMap { row in row.1.map { (row.0, plain($0)) } }
        let width = present.map(\.0.count).max() ?? 0
        return present.map { label, value in
            (label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value).trimmingTrailingSpaces()
        }.joined(separator: "\n") + "\n"
    }

    /// `2025-03-01 14:05 UTC`.
    static func time(_ seconds: UInt64?) -> String {
        guard let seconds else { return "-" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// Prints the server's JSON, pretty and with sorted keys.
    static func json(_ answer: APIResponse, _ io: inout CommandIO) {
        io.print(answer.prettyJSON ?? String(decoding: answer.body, as: UTF8.self))
    }

    /// Text a person typed, shown on one line (control characters as spaces).
    static func line(_ text: String?) -> String? {
        text.map(plain)
    }

    /// `text` with control characters (line breaks, terminal escapes) as
    /// spaces: whatever a server sends, it cannot rewrite the terminal.
    static func plain(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }
}
