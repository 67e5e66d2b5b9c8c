/// The moderation engine against commercial content (issue: Part 4 of 5;
/// PROTOCOL.md §7): text normalisation (NFKC case folding, diacritics,
/// confusables, obfuscated spacing) and the rule language with its
/// matchers. Standard library only, so that the server, every client and
/// the fuzz harness (built standalone with swiftc) decide the same.
public enum Moderation {
    /// The rule language's format name, as the policy files declare it.
    public static let ruleFormat = "trustforum-rules/v1"
}
