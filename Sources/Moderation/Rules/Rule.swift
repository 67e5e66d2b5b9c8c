/// What a rule asks the client to do with a matching text; also the outcome
/// of an evaluation. Ordered by strength: `block > hold > flag > allow`.
public enum ModerationAction: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    /// No rule matched.
    case allow
    /// Post it; readers' clients show the rule ids.
    case flag
    /// Post it hidden, with a report to the moderators, if the author agrees.
    case hold
    /// The client refuses to post it.
    case block

    /// The keyword as written in rule files (`allow` is never written).
    public var description: String {
        switch self {
        case .allow: "allow"
        case .flag: "flag"
        case .hold: "hold"
        case .block: "block"
        }
    }

    public static func < (lhs: ModerationAction, rhs: ModerationAction) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

/// The closed set of price shapes a `price` rule can ask for (its pattern).
/// Every form needs an *amount*: a number with a currency (`€`, `eur`,
/// `euro(s)`, `$`, `usd`, `dollar(s)`, `£`, `gbp`) before or after it, or a
/// Dutch price mark (`1.500,-`). See Policies/moderation/README.md.
public enum PriceForm: String, Sendable, CaseIterable {
    /// Any amount.
    case any
    /// An amount followed (within 40 bytes) by a period: "per maand", "p/m",
    /// "pm", "/jaar", "per year", "monthly" …
    case recurring
    /// An amount followed (within 40 bytes) by "excl. btw", "ex. VAT", "+ btw" …
    case exclVAT = "excl-vat"
    /// An amount followed (within 40 bytes) by any VAT term, incl. or excl.
    case vat
    /// An amount right after a sales lead-in: "vanaf", "v.a.", "from",
    /// "starting at", "slechts", "only", "voor maar", "for just" …
    case from
}

/// How a rule's pattern is matched. Documented in Policies/moderation/README.md.
public enum MatcherKind: String, Sendable, CaseIterable {
    /// Words in sequence with word boundaries at both ends, in the text and
    /// the skeleton view.
    case phrase
    /// One whole word, in the text view only (no de-obfuscation).
    case word
    /// A host name or any subdomain of it, in the text view (obfuscated dots
    /// such as " . ", "[.]", "(dot)" count as dots).
    case domain
    /// An amount of money of one of the `PriceForm`s, in the text view.
    case price
    /// A regular expression of the documented subset, in the text view,
    /// matched in linear time.
    case regex
}

/// Where a rule was written, for messages.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    /// The file name as given to the parser.
    public let file: String
    /// 1-based line number.
    public let line: Int

    /// `file:line`.
    public var description: String { "\(file):\(line)" }
}

/// One parsed rule.
public struct Rule: Sendable {
    /// Unique id, `[a-z0-9-]+`; shown to readers for `flag`.
    public let id: String
    /// What to do with a matching text (never `.allow`).
    public let action: ModerationAction
    /// How the pattern is matched.
    public let matcher: MatcherKind
    /// The pattern after unquoting.
    public let pattern: String
    /// The explanation shown to the author.
    public let reason: String
    /// Where the rule was written.
    public let location: SourceLocation
    /// For `price` rules, the form.
    public let priceForm: PriceForm?
    /// For `regex` rules, the compiled program.
    let regex: RegexProgram?
}
