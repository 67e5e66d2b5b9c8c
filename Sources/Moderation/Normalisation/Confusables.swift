/// A parsed confusables file: non-ASCII code points and the Latin text they
/// look like. The format (Policies/confusables.txt explains it at its top):
///
///     U+0430 a  # а CYRILLIC SMALL LETTER A
///
/// one mapping a line, `#` comments, blank lines allowed. This type checks the
/// syntax; `NormalisationTables` checks the targets against the normalisation.
struct Confusables: Sendable {
    /// One mapping and the line it came from (for errors found later).
    struct Entry: Sendable {
        let source: UInt32
        let target: [UInt8]
        let line: Int
    }

    /// The longest target accepted, in UTF-8 bytes.
    static let maximumTargetBytes = 16

    /// The mappings in file order.
    let entries: [Entry]

    /// Parses the text of a confusables file.
    /// - Throws: `ConfusablesError` naming the first bad line.
    init(parsing text: String) throws(ConfusablesError) {
        var entries: [Entry] = []
        var firstLine: [UInt32: Int] = [:]
        var number = 0
        // Bytes, not Characters: "\r\n" is one Character and would hide the line break.
        let bytes = Array(text.utf8)
        for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            let content = rawLine.prefix { $0 != UInt8(ascii: "#") }
            let fields = content.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D })
            guard let first = fields.first else { continue }
            let source = try Self.codePoint(first, line: number)
            guard fields.count >= 2 else { throw ConfusablesError(line: number, reason: .missingTarget) }
            guard fields.count == 2 else {
                throw ConfusablesError(line: number, reason: .extraField(String(decoding: fields[2], as: UTF8.self)))
            }
            let target = Array(fields[1])
            guard target.count <= Self.maximumTargetBytes else {
                throw ConfusablesError(line: number, reason: .targetTooLong)
            }
            if let earlier = firstLine[source] {
                throw ConfusablesError(line: number, reason: .duplicate(firstLine: earlier))
            }
            firstLine[source] = number
            entries.append(Entry(source: source, target: target, line: number))
        }
        self.entries = entries
    }

    /// `U+` and 4 to 6 upper- or lower-case hex digits, a non-ASCII scalar value.
    private static func codePoint(_ field: ArraySlice<UInt8>, line: Int) throws(ConfusablesError) -> UInt32 {
        let name = String(decoding: field, as: UTF8.self)
        let bad = ConfusablesError(line: line, reason: .badCodePoint(name))
        let utf8 = Array(field)
        guard utf8.count >= 6, utf8.count <= 8, utf8[0] == UInt8(ascii: "U"), utf8[1] == UInt8(ascii: "+") else {
            throw bad
        }
        var value: UInt32 = 0
        for byte in utf8[2...] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            default: throw bad
            }
            value = value << 4 | UInt32(digit)
        }
        guard value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { throw bad }
        guard value >= 0x80 else { throw ConfusablesError(line: line, reason: .asciiSource(name)) }
        return value
    }
}
