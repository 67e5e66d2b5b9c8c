extension PolicyBundle {
    /// The largest bundle accepted (the rule files' own limits stay far below).
    public static let maximumBytes = 16 * 1024 * 1024

    /// Reads a bundle and compiles its rules. Refuses, with the reason: bytes
    /// that are not strict JSON, another format, a missing, extra or mistyped
    /// member, a Unicode version other than the compiled tables', a
    /// normalisation other than `TextNormaliser`'s, an invalid confusables
    /// table, and any rule the rule language refuses (named by its place and id).
    ///
    /// The confusables table is the bundle's own: the normaliser is built from
    /// its text (a few milliseconds; the shipped table is reused when equal).
    public static func decode(_ bytes: [UInt8]) throws(BundleError) -> CompiledPolicy {
        guard bytes.count <= maximumBytes else { throw .malformed("\(bytes.count) bytes, more than \(maximumBytes)") }
        guard case .object(let top) = try BundleJSON.parse(bytes) else { throw .malformed("not a JSON object") }
        try expectMembers(top, ["format", "unicode_version", "rule_format", "normalisation", "rules"], "the bundle")
        guard let format = top["format"]?.stringValue else { throw .malformed("format must be a string") }
        guard format == Self.format else { throw .unsupportedFormat(format) }
        guard let unicode = top["unicode_version"]?.stringValue else { throw .malformed("unicode_version must be a string") }
        guard unicode == TextNormaliser.unicodeVersion else {
            throw .unicodeVersion(bundle: unicode, compiled: TextNormaliser.unicodeVersion)
        }
        guard top["rule_format"]?.stringValue == Moderation.ruleFormat else {
            throw .malformed("rule_format must be \"\(Moderation.ruleFormat)\"")
        }
        guard case .object(var normalisation)? = top["normalisation"] else { throw .malformed("normalisation must be an object") }
        guard let confusables = normalisation.removeValue(forKey: "confusables")?.stringValue else {
            throw .malformed("normalisation.confusables must be a string")
        }
        for (key, value) in normalisation where NormalisationDescription.members[key] != value {
            throw .normalisation(NormalisationDescription.members[key] == nil ? "unknown member normalisation.\(key)" : "normalisation.\(key)")
        }
        if let missing = NormalisationDescription.members.keys.sorted().first(where: { normalisation[$0] == nil }) {
            throw .normalisation("normalisation.\(missing) is missing")
        }
        let normaliser: TextNormaliser
        if confusables == ConfusablesData.text {
            normaliser = TextNormaliser()
        } else {
            do throws(ConfusablesError) { normaliser = try TextNormaliser(confusables: confusables) } catch { throw .confusables(error.description) }
        }
        guard case .array(let items)? = top["rules"] else { throw .malformed("rules must be an array") }
        let rules = try ruleSet(items)
        do throws(RuleFileError) {
            return CompiledPolicy(rules: rules, engine: try RuleEngine(rules, normaliser: normaliser))
        } catch {
            throw .rules(error.problems.map { "rule \($0.line): \($0.message)" })
        }
    }

    private static func expectMembers(_ object: [String: BundleJSON], _ names: [String], _ what: String) throws(BundleError) {
        if let missing = names.first(where: { object[$0] == nil }) { throw .malformed("\(what) has no member \"\(missing)\"") }
        if let extra = object.keys.sorted().first(where: { !names.contains($0) }) {
            throw .malformed("\(what) has an unknown member \"\(extra.prefix(64))\"")
        }
    }

    /// The rules as a rule file in the rule language, parsed by the same
    /// parser as `.rules` files, so a bundle's rule is valid exactly when the
    /// line would be. Line N + 1 holds rule N (line 1 is the format line).
    private static func ruleSet(_ items: [BundleJSON]) throws(BundleError) -> RuleSet {
        var lines = ["format \(Moderation.ruleFormat)"]
        var problems: [String] = []
        for (index, item) in items.enumerated() {
            let place = "rule \(index + 1)"
            guard case .object(let rule) = item else { throw .malformed("\(place) is not an object") }
            try expectMembers(rule, ["id", "action", "matcher", "pattern", "reason"], place)
            var fields: [String: String] = [:]
            for key in ["id", "action", "matcher", "pattern", "reason"] {
                guard let text = rule[key]?.stringValue else { throw .malformed("\(place).\(key) must be a string") }
                guard !text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else {
                    throw .malformed("\(place).\(key) contains a line break")
                }
                fields[key] = text
            }
            let reason = fields["reason"]!
            guard reason.utf8.last.map({ $0 != 0x20 && $0 != 0x09 }) ?? true, reason.utf8.first.map({ $0 != 0x20 && $0 != 0x09 }) ?? true else {
                throw .malformed("\(place).reason has blanks at its start or end")
            }
            guard fields["action"] != "allow" else { problems.append("rule \(index + 1): action allow is not a rule's action"); continue }
            let pattern = fields["pattern"]!.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
            lines.append("\(fields["id"]!) \(fields["action"]!) \(fields["matcher"]!) \"\(pattern)\" -- \(reason)")
        }
        if !problems.isEmpty { throw .rules(problems) }
        let set: RuleSet
        do throws(RuleFileError) {
            set = try RuleSet.parse(lines.joined(separator: "\n"), file: "bundle")
        } catch {
            throw .rules(error.problems.map { "rule \($0.line - 1): \($0.message)" })
        }
        // Blanks or quotes inside a field would shift the line's fields: the
        // parsed rules must be the bundle's, member for member.
        for (index, (rule, item)) in zip(set.rules, items).enumerated() {
            guard case .object(let fields) = item,
                  fields["id"]?.stringValue == rule.id, fields["action"]?.stringValue == rule.action.description,
                  fields["matcher"]?.stringValue == rule.matcher.rawValue, fields["pattern"]?.stringValue == rule.pattern,
                  fields["reason"]?.stringValue == rule.reason else {
                throw .rules(["rule \(index + 1): a member holds blanks or quotes where the rule language does not allow them"])
            }
        }
        guard set.rules.count == items.count else { throw .rules(["a rule holds blanks or quotes where the rule language does not allow them"]) }
        let ids = set.rules.map(\.id)
        guard ids == ids.sorted() else { throw .malformed("rules must be sorted by id") }
        return set
    }
}
