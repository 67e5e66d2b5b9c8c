/// The two views of a text that rules are matched against, as the text
/// normaliser produces them (the real one lives in `Normalisation/`; the rule
/// engine takes it as an injected function so that it can be built and tested
/// on its own).
///
/// - `text`: NFKC case-folded, diacritics stripped, homoglyphs mapped to
///   Latin, zero-width characters removed, whitespace runs as one ASCII space.
///   `word`, `domain`, `price` and `regex` rules look here.
/// - `skeleton`: `text` with leetspeak undone and spaced-out letters joined
///   ("d 3 m o" → "demo"). `phrase` rules look here too.
public struct NormalisedInput: Sendable, Equatable {
    /// The normalised text, UTF-8.
    public var text: [UInt8]
    /// The de-obfuscated skeleton of `text`, UTF-8.
    public var skeleton: [UInt8]

    /// Both views, as the normaliser made them.
    public init(text: [UInt8], skeleton: [UInt8]) {
        self.text = text
        self.skeleton = skeleton
    }
}

/// The normalisation a `RuleEngine` applies to patterns (at compile time) and
/// to every evaluated text. Must be deterministic and total.
public typealias Normalise = @Sendable ([UInt8]) -> NormalisedInput

/// The kinds of content the rules are evaluated on, with the largest text
/// (UTF-8 bytes, before normalisation) each may have. Evaluation is linear
/// in the size, so these bound the cost of one evaluation.
public enum ContentKind: String, Sendable, CaseIterable {
    /// A post or reply in a thread (also a held post's report).
    case post
    /// One field of a member or organisation profile.
    case profileField
    /// A publication: best practice, essential, step plan or alert.
    case publication

    /// The largest accepted text of this kind, in bytes.
    public var maximumBytes: Int {
        switch self {
        case .post: 64 * 1024
        case .profileField: 4 * 1024
        case .publication: 1024 * 1024
        }
    }
}

/// A text larger than its kind allows (`ContentKind.maximumBytes`); refused
/// before any matching.
public struct ContentTooLarge: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of content.
    public let kind: ContentKind
    /// The text's size in bytes.
    public let bytes: Int

    /// A one-line explanation.
    public var description: String {
        "a \(kind.rawValue) may have at most \(kind.maximumBytes) bytes, this one has \(bytes)"
    }
}
