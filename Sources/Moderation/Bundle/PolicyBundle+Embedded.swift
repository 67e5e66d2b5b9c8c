/// The rules compiled into this binary from Policies/moderation/
/// (`Generated/EmbeddedRules+All.swift`, written by `Ops/embed`; a test
/// compares the two). The server serves, and `trustforum policy` checks,
/// these unless told to read a directory.
extension PolicyBundle {
    /// The rule files compiled into this binary, as sources.
    public static var embeddedSources: [RuleSource] {
        EmbeddedRules.files.map { RuleSource(name: $0.name, bytes: Array($0.text.utf8)) }
    }

    /// The test case files compiled into this binary (`cases.txt`, …), as sources.
    public static var embeddedCases: [RuleSource] {
        EmbeddedRules.cases.map { RuleSource(name: $0.name, bytes: Array($0.text.utf8)) }
    }

    /// The bundle of the embedded rule files and confusables, built once.
    /// A broken embedded file is a build mistake (ModerationTests catch it).
    public static let embedded: [UInt8] = {
        do {
            return try build(embeddedSources)
        } catch {
            fatalError("the embedded moderation rules are invalid: \(error)")
        }
    }()
}
