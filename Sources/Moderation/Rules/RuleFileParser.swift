/// The line parser behind `RuleSet.parse`. One rule per line:
///
///     <id> <action> <matcher> "<pattern>" -- <reason>
///
/// Blank lines and lines whose first non-blank character is `#` are ignored;
/// the first other line must be `format trustforum-rules/v1`. Inside the
/// quotes `\"` is a quote and `\\` a backslash; any other backslash is kept
/// as written (so regexes read naturally: `"\bdemo\b"`).
struct RuleFileParser {
    /// Limits that keep a hostile or broken file cheap to refuse.
    enum Limits {
        static let fileBytes = 8 * 1024 * 1024
        static let lineBytes = 4096
        static let rules = 100_000
        static let idBytes = 64
        static let patternBytes = 1024
        static let reasonBytes = 500
    }

    let file: String
    private(set) var rules: [Rule] = []
    private(set) var problems: [RuleFileError.Problem] = []
    private var firstLineOfID: [String: Int] = [:]
    private var sawFormat = false

    init(file: String) {
        self.file = file
    }

    mutating func parse(_ bytes: [UInt8]) {
        if bytes.count > Limits.fileBytes {
            report(1, "the file has \(bytes.count) bytes, more than the \(Limits.fileBytes) allowed")
            return
        }
        var lineNumber = 0
        var start = 0
        while start <= bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            parseLine(Array(bytes[start..<lineEnd]), number: lineNumber)
            if end == bytes.count { break }
            start = end + 1
        }
        if !sawFormat {
            report(1, "missing the first line `format \(Moderation.ruleFormat)`")
        }
    }

    private mutating func report(_ line: Int, _ message: String) {
        problems.append(.init(file: file, line: line, message: message))
    }

    private mutating func parseLine(_ line: [UInt8], number: Int) {
        var cursor = LineCursor(line)
        cursor.skipBlanks()
        if cursor.atEnd || cursor.peek == UInt8(ascii: "#") { return }
        if line.count > Limits.lineBytes {
            report(number, "line longer than \(Limits.lineBytes) bytes")
            return
        }
        let first = cursor.token()
        if first == Array("format".utf8) {
            cursor.skipBlanks()
            let name = cursor.token()
            cursor.skipBlanks()
            if sawFormat {
                report(number, "a second format line (only the first line may name the format)")
            } else if name == Array(Moderation.ruleFormat.utf8) && !cursor.atEnd {
                report(number, "unexpected text after the format name")
            } else if name != Array(Moderation.ruleFormat.utf8) {
                report(number, "unsupported format '\(text(name).rulesTrimmedForMessage)'; expected `format \(Moderation.ruleFormat)`")
            }
            sawFormat = true
            return
        }
        if !sawFormat {
            report(number, "the first line must be `format \(Moderation.ruleFormat)`")
            sawFormat = true
        }
        parseRule(first, &cursor, line: number)
    }

    private mutating func parseRule(_ idBytes: [UInt8], _ cursor: inout LineCursor, line: Int) {
        var lineProblems: [String] = []
        let id = text(idBytes)
        if idBytes.count > Limits.idBytes {
            lineProblems.append("rule id longer than \(Limits.idBytes) characters")
        } else if !idBytes.allSatisfy(Self.isIDByte) {
            lineProblems.append("invalid rule id '\(id.rulesTrimmedForMessage)' (use a-z, 0-9 and -)")
        } else if let first = firstLineOfID[id] {
            lineProblems.append("duplicate rule id '\(id)' (first defined on line \(first))")
        }
        cursor.skipBlanks()
        let actionBytes = cursor.token()
        let action: ModerationAction?
        switch text(actionBytes) {
        case "block": action = .block
        case "hold": action = .hold
        case "flag": action = .flag
        case "": action = nil; lineProblems.append("missing action (block, hold or flag)")
        case let other: action = nil; lineProblems.append("unknown action '\(other.rulesTrimmedForMessage)' (expected block, hold or flag)")
        }
        cursor.skipBlanks()
        let matcherBytes = cursor.token()
        let matcher = MatcherKind(rawValue: text(matcherBytes))
        if matcher == nil {
            lineProblems.append(matcherBytes.isEmpty
                ? "missing matcher (phrase, word, domain, price or regex)"
                : "unknown matcher '\(text(matcherBytes).rulesTrimmedForMessage)' (expected phrase, word, domain, price or regex)")
        }
        cursor.skipBlanks()
        guard let quoted = cursor.quoted() else {
            lineProblems.append(cursor.atEnd || cursor.peek != UInt8(ascii: "\"")
                ? "expected a quoted pattern after the matcher"
                : "unterminated pattern: a closing \" is missing (write \\\" for a quote inside it)")
            for message in lineProblems { report(line, message) }
            return
        }
        let hadBlank = cursor.skipBlanks()
        var reasonBytes: [UInt8] = []
        if cursor.take("--") && (cursor.atEnd || cursor.skipBlanks()) && hadBlank {
            reasonBytes = Array(cursor.rest).rulesTrimmingTrailingBlanks()
            if reasonBytes.isEmpty {
                lineProblems.append("missing reason after --")
            } else if reasonBytes.count > Limits.reasonBytes {
                lineProblems.append("reason longer than \(Limits.reasonBytes) bytes")
            } else if String(validating: reasonBytes, as: UTF8.self) == nil {
                lineProblems.append("reason is not valid UTF-8")
            }
        } else {
            lineProblems.append("expected ' -- ' and a reason after the pattern")
        }
        var priceForm: PriceForm?
        var regex: RegexProgram?
        if let matcher {
            let validation = validate(quoted, matcher: matcher)
            switch validation {
            case .failure(let problem): lineProblems.append(problem.message)
            case .success(let compiled): priceForm = compiled.price; regex = compiled.regex
            }
        }
        if rules.count >= Limits.rules {
            lineProblems.append("more than \(Limits.rules) rules in one file")
        }
        guard lineProblems.isEmpty, let action, let matcher else {
            for message in lineProblems { report(line, message) }
            return
        }
        firstLineOfID[id] = line
        rules.append(Rule(id: id, action: action, matcher: matcher, pattern: text(quoted.bytes),
                          reason: text(reasonBytes), location: SourceLocation(file: file, line: line),
                          priceForm: priceForm, regex: regex))
    }

    private struct Compiled {
        var price: PriceForm?
        var regex: RegexProgram?
    }

    private func validate(_ quoted: QuotedPattern, matcher: MatcherKind) -> Result<Compiled, PatternProblem> {
        let pattern = quoted.bytes
        if pattern.isEmpty { return .failure("empty pattern") }
        if pattern.count > Limits.patternBytes { return .failure(PatternProblem("pattern longer than \(Limits.patternBytes) bytes")) }
        if String(validating: pattern, as: UTF8.self) == nil { return .failure("pattern is not valid UTF-8") }
        switch matcher {
        case .phrase, .word:
            if !pattern.contains(where: { RuleBytes.isAlphanumeric($0) || $0 >= 0x80 }) {
                return .failure(PatternProblem("a \(matcher.rawValue) pattern needs at least one letter or digit"))
            }
            if matcher == .word && pattern.contains(where: RuleBytes.isSpace) {
                return .failure("a word pattern is one word; use phrase for several")
            }
            return .success(Compiled())
        case .domain:
            if let message = DomainPattern.problem(pattern) { return .failure(PatternProblem(message)) }
            return .success(Compiled())
        case .price:
            guard let form = PriceForm(rawValue: text(pattern)) else {
                let forms = PriceForm.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                return .failure(PatternProblem("unknown price form '\(text(pattern).rulesTrimmedForMessage)' (expected one of \(forms))"))
            }
            return .success(Compiled(price: form))
        case .regex:
            do throws(RegexSyntaxError) {
                return .success(Compiled(regex: try RegexProgram(compiling: pattern)))
            } catch {
                let column = quoted.columns[min(max(error.offset, 0), quoted.columns.count - 1)]
                return .failure(PatternProblem("invalid regex at column \(column): \(error.message)"))
            }
        }
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        RuleBytes.isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || byte == UInt8(ascii: "-")
    }

    private func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}

/// A pattern-level problem message (a `Result` failure).
struct PatternProblem: Error, ExpressibleByStringLiteral {
    let message: String
    init(_ message: String) { self.message = message }
    init(stringLiteral value: String) { self.message = value }
}

/// A pattern after unquoting, with the 1-based character column of each of
/// its bytes in the line (one past the end for the last entry), for messages.
struct QuotedPattern {
    var bytes: [UInt8] = []
    var columns: [Int] = []
}

/// A cursor over one line's bytes.
struct LineCursor {
    let line: [UInt8]
    private(set) var start = 0

    init(_ line: [UInt8]) {
        self.line = line
    }

    var atEnd: Bool { start >= line.count }
    var peek: UInt8? { atEnd ? nil : line[start] }
    var rest: ArraySlice<UInt8> { line[start...] }

    /// Skips spaces and tabs; whether there were any.
    @discardableResult
    mutating func skipBlanks() -> Bool {
        let before = start
        while start < line.count && (line[start] == 0x20 || line[start] == 0x09) { start += 1 }
        return start > before
    }

    /// The bytes up to the next space or tab.
    mutating func token() -> [UInt8] {
        let before = start
        while start < line.count && line[start] != 0x20 && line[start] != 0x09 { start += 1 }
        return Array(line[before..<start])
    }

    /// Consumes `literal` if it comes next.
    mutating func take(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard line.count - start >= count else { return false }
        let matches = literal.withUTF8Buffer { Array($0) == Array(line[start..<start + count]) }
        if matches { start += count }
        return matches
    }

    /// A quoted string starting here, or nil (cursor unmoved) when there is
    /// no opening quote or no closing one.
    mutating func quoted() -> QuotedPattern? {
        guard peek == UInt8(ascii: "\"") else { return nil }
        var result = QuotedPattern()
        var i = start + 1
        var column = column(at: i)
        while i < line.count {
            let byte = line[i]
            if byte == UInt8(ascii: "\"") {
                result.columns.append(column)
                start = i + 1
                return result
            }
            if byte == UInt8(ascii: "\\") && i + 1 < line.count
                && (line[i + 1] == UInt8(ascii: "\"") || line[i + 1] == UInt8(ascii: "\\")) {
                result.bytes.append(line[i + 1])
                result.columns.append(column)
                i += 2
                column += 2
                continue
            }
            result.bytes.append(byte)
            result.columns.append(column)
            if !UTF8.isContinuation(byte) { column += 1 }
            i += 1
        }
        return nil
    }

    /// 1-based character column of byte offset `offset` (continuation bytes
    /// of UTF-8 sequences are not counted).
    func column(at offset: Int) -> Int {
        var column = 1
        for byte in line[..<min(offset, line.count)] where !UTF8.isContinuation(byte) { column += 1 }
        return column
    }
}

extension Array where Element == UInt8 {
    func rulesTrimmingTrailingBlanks() -> [UInt8] {
        var end = count
        while end > 0 && (self[end - 1] == 0x20 || self[end - 1] == 0x09) { end -= 1 }
        return Array(self[..<end])
    }
}

extension String {
    /// At most 40 characters, for echoing a bad token in a message.
    var rulesTrimmedForMessage: String {
        count <= 40 ? self : String(prefix(40)) + "…"
    }
}
