/// Word wrapping and two-column rows for help text, at a fixed 80 columns.
enum TextLayout {
    /// The width help is wrapped to.
    static let width = 80
    /// The column where the text of a row begins.
    static let helpColumn = 26

    /// Stands for a space that ``wrap(_:width:)`` does not break at; ``row(_:_:)``
    /// turns it back into a space.
    static let unbreakableSpace: Character = "\u{00A0}"

    /// `text` with its spaces made unbreakable, so `(env: NAME)` stays on one line.
    static func unbroken(_ text: String) -> String {
        String(text.map { $0 == " " ? unbreakableSpace : $0 })
    }

    /// Wraps each line of `text` to `width` columns at spaces. A line's leading
    /// spaces indent all of its wrapped lines; a word longer than the width
    /// gets a line of its own rather than being cut.
    static func wrap(_ text: String, width: Int = width) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
            let indent = String(line.prefix { $0 == " " })
            var lines: [String] = []
            var current = ""
            for word in line.split(separator: " ") {
                if !current.isEmpty && indent.count + current.count + 1 + word.count > width {
                    lines.append(indent + current)
                    current = ""
                }
                current += current.isEmpty ? String(word) : " " + word
            }
            lines.append(current.isEmpty ? "" : indent + current)
            return lines
        }
    }

    /// Words in the order given, joined by spaces and broken before a word
    /// that would pass the width; lines after the first are indented by
    /// `indent` columns. Used for usage lines, whose units (`[--to <member> ...]`)
    /// must not be split.
    static func flow(_ units: [String], indent: Int, width: Int = width) -> String {
        var lines: [String] = []
        var current = ""
        let pad = String(repeating: " ", count: indent)
        for unit in units {
            if !current.isEmpty && current.count + 1 + unit.count > width {
                lines.append(current)
                current = pad + unit
            } else {
                current += current.isEmpty ? unit : " " + unit
            }
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }

    /// `  label                   text`, the text wrapped in its column; when
    /// the label leaves less than two spaces before the column, the text starts
    /// on the next line.
    static func row(_ label: String, _ text: String) -> String {
        let head = "  " + label
        let pad = String(repeating: " ", count: helpColumn)
        let textLines = wrap(text, width: width - helpColumn).map { $0.isEmpty ? "" : pad + $0 }
        var lines: [String]
        if head.count + 2 <= helpColumn {
            let first = textLines[0].dropFirst(head.count)
            lines = [head + first] + textLines.dropFirst()
        } else {
            lines = [head] + textLines.filter { !$0.isEmpty }
        }
        return lines.map { String(trimmingTrailingSpaces($0).map { $0 == unbreakableSpace ? " " : $0 }) }
            .joined(separator: "\n")
    }

    private static func trimmingTrailingSpaces(_ line: String) -> String {
        var line = Substring(line)
        while line.last == " " { line = line.dropLast() }
        return String(line)
    }
}
