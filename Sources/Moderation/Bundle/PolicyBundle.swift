/// The moderation bundle, format `trustforum-moderation/v1` (PROTOCOL.md §7):
/// the bytes `GET /v1/policies/moderation` serves, whose BLAKE2b-256 is the
/// version every post signs. JSON in one canonical form (`BundleJSON`), so
/// the same rule files and confusables always give the same bytes:
///
///     {"format":"trustforum-moderation/v1",
///      "normalisation":{"confusables":"<Policies/confusables.txt>","skeleton":{…},"text":[…],"word_bytes":"…"},
///      "rule_format":"trustforum-rules/v1",
///      "rules":[{"action":"hold","id":"nl-demo","matcher":"regex","pattern":"…","reason":"…"},…],
///      "unicode_version":"15.0.0"}
///
/// Rules are sorted by id. The matchers and the regex subset are those of
/// `rule_format` (Policies/moderation/README.md). Build with `build(_:)`,
/// read with `decode(_:)`:
///
///     let bytes = try PolicyBundle.build(sources)          // file:line errors
///     let policy = try PolicyBundle.decode(bytes)          // a client, from the server
///     policy.engine.evaluate(Array(text.utf8)).action
public enum PolicyBundle {
    /// The format name in the bundle's `format` member.
    public static let format = "trustforum-moderation/v1"

    /// The bundle of these rule files with the shipped confusables table.
    /// Throws every problem of every file as `file:line: message`.
    public static func build(_ sources: [RuleSource]) throws(RuleFileError) -> [UInt8] {
        encode(try RuleSet.load(sources))
    }

    /// The canonical bytes of a bundle of `rules` (already validated) and
    /// the confusables file `confusables` (default: the shipped one).
    public static func encode(_ rules: RuleSet, confusables: String? = nil,
                              unicodeVersion: String = TextNormaliser.unicodeVersion) -> [UInt8] {
        var normalisation = NormalisationDescription.members
        normalisation["confusables"] = .string(confusables ?? ConfusablesData.text)
        let sorted = rules.rules.sorted { $0.id < $1.id }
        let object: BundleJSON = .object([
            "format": .string(format),
            "unicode_version": .string(unicodeVersion),
            "rule_format": .string(Moderation.ruleFormat),
            "normalisation": .object(normalisation),
            "rules": .array(sorted.map { rule in
                .object([
                    "id": .string(rule.id), "action": .string(rule.action.description), "matcher": .string(rule.matcher.rawValue),
                    "pattern": .string(rule.pattern), "reason": .string(rule.reason),
                ])
            }),
        ])
        return object.canonical
    }
}

/// A decoded bundle, ready to evaluate texts: its rules, compiled with the
/// normalisation it names.
public struct CompiledPolicy: Sendable {
    /// The rules, as a set (each rule's location is `bundle:N+1` for the Nth rule, line 1 being the format line).
    public let rules: RuleSet
    /// The engine with the bundle's normaliser.
    public let engine: RuleEngine

    /// Evaluates a UTF-8 text of `kind` (refusing one larger than the kind allows).
    public func evaluate(_ text: String, as kind: ContentKind) throws(ContentTooLarge) -> Verdict {
        try engine.evaluate(Array(text.utf8), as: kind)
    }
}
