extension RuleEngine {
    /// An engine that normalises texts and patterns with `normaliser` (the
    /// bundle's normalisation: NFKC case folding, diacritics, confusables,
    /// spacing; `TextNormaliser`), as the server and every client do.
    public init(_ ruleSet: RuleSet, normaliser: TextNormaliser = TextNormaliser()) throws(RuleFileError) {
        try self.init(ruleSet, normalise: normaliser.ruleInput, textNormaliser: normaliser)
    }
}

extension TextNormaliser {
    /// This normaliser as the rule engine's `Normalise` function.
    public var ruleInput: Normalise {
        { [self] bytes in
            let normalised = normalise(bytes)
            return NormalisedInput(text: normalised.text, skeleton: normalised.skeleton)
        }
    }
}
