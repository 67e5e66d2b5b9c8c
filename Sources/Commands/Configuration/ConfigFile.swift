import Platform

/// The configuration file: `key = value` lines, `#` comments, blank lines.
/// Values may be wrapped in double quotes. Unknown keys and malformed lines
/// are errors that name the file and line: a typo must never be ignored.
///
///     # /etc/trustforum/trustforum.conf
///     listen = 127.0.0.1:8080
///     trusted_proxies = 127.0.0.1, ::1
struct ConfigFile: Equatable {
    struct Entry: Equatable {
        let value: String
        let line: Int
    }

    let path: String
    let entries: [String: Entry]

    struct ParseError: Error, CustomStringConvertible, Equatable {
        let path: String
        let line: Int
        let reason: String
        var description: String { "\(path):\(line): \(reason)" }
    }

    /// Parses `text`; `known` is the set of accepted keys.
    static func parse(_ text: String, path: String, known: Set<String>) throws(ParseError) -> ConfigFile {
        var entries: [String: Entry] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            var line = Substring(rawLine)
            if line.last == "\r" { line = line.dropLast() }
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw ParseError(path: path, line: number, reason: "expected 'key = value'")
            }
            let key = String(trimmed[..<equals].trimmingWhitespace())
            var value = trimmed[trimmed.index(after: equals)...].trimmingWhitespace()
            guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
                throw ParseError(path: path, line: number, reason: "a key is lower_snake_case")
            }
            guard known.contains(key) else {
                throw ParseError(path: path, line: number, reason: "unknown key '\(key)'")
            }
            guard entries[key] == nil else {
                throw ParseError(path: path, line: number, reason: "'\(key)' is set twice (first on line \(entries[key]!.line))")
            }
            if value.hasPrefix("\"") {
                guard value.count >= 2, value.hasSuffix("\""), !value.dropFirst().dropLast().contains("\"") else {
                    throw ParseError(path: path, line: number, reason: "unterminated or embedded quote in the value of '\(key)'")
                }
                value = value.dropFirst().dropLast()
            }
            guard !value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" }) else {
                throw ParseError(path: path, line: number, reason: "control character in the value of '\(key)'")
            }
            entries[key] = Entry(value: String(value), line: number)
        }
        return ConfigFile(path: path, entries: entries)
    }

    /// Reads and parses a file.
    static func load(_ path: String, known: Set<String>) throws -> ConfigFile {
        let bytes: [UInt8]
        do {
            bytes = try Files.read(path)
        } catch {
            throw CommandFailure("cannot read the configuration file \(path): \(error)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CommandFailure("\(path) is not UTF-8 text")
        }
        return try parse(text, path: path, known: known)
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}

/// A failure a command reports as `Error: …` with exit code 1. The message
/// is written for the operator and never holds a secret.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
