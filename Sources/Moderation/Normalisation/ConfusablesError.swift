/// Why a confusables file (Policies/confusables.txt's format) was refused, and
/// on which line. Every malformed line is an error: nothing is dropped silently.
public struct ConfusablesError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The closed set of reasons a line is refused.
    public enum Reason: Equatable, Sendable {
        /// The first field is not `U+` and 4 to 6 hex digits naming a Unicode
        /// scalar value (surrogates and values past U+10FFFF are refused).
        case badCodePoint(String)
        /// The source is ASCII: ASCII is never remapped (leetspeak belongs to the skeleton).
        case asciiSource(String)
        /// A source with no target after it.
        case missingTarget
        /// More than a source and a target before the comment.
        case extraField(String)
        /// The same source was mapped before, on `firstLine`.
        case duplicate(firstLine: Int)
        /// The target is longer than `Confusables.maximumTargetBytes` UTF-8 bytes.
        case targetTooLong
        /// The target contains a character the normalisation changes (an upper-case
        /// letter, a mark, a control…), so mapping twice would not be stable.
        case targetNotNormalised(String)
        /// The target contains a character that is itself a source.
        case targetIsSource(String)
    }

    /// The 1-based line number in the file.
    public let line: Int
    /// What is wrong with that line.
    public let reason: Reason

    public init(line: Int, reason: Reason) {
        self.line = line
        self.reason = reason
    }

    public var description: String {
        let why: String
        switch reason {
        case .badCodePoint(let field):
            why = "'\(field)' is not a code point (expected U+ and 4 to 6 hex digits, a scalar value up to U+10FFFF)"
        case .asciiSource(let field):
            why = "\(field) is ASCII, which is never remapped"
        case .missingTarget:
            why = "the code point has no target"
        case .extraField(let field):
            why = "unexpected '\(field)' after the target (comments start with '#')"
        case .duplicate(let firstLine):
            why = "the code point is already mapped on line \(firstLine)"
        case .targetTooLong:
            why = "the target is longer than \(Confusables.maximumTargetBytes) bytes"
        case .targetNotNormalised(let character):
            why = "the target's \(character) is changed by the normalisation; use its normalised form"
        case .targetIsSource(let character):
            why = "the target's \(character) is itself mapped"
        }
        return "confusables line \(line): \(why)"
    }
}
