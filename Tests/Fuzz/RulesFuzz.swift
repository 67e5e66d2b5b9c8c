// libFuzzer entry point for the moderation rule language and engine. Built
// standalone with swiftc (like Ops/fuzz does for http) from
//   Sources/Moderation/**/*.swift Tests/Fuzz/RulesFuzz.swift
// so only the standard library is available here.
//
// An input is a rule file and a text separated by the first NUL byte (a file
// that does not start with "format" gets the format line put in front, so the
// fuzzer reaches the rules quickly). The file is parsed (must never crash); if
// it parses and compiles, the text is evaluated and checked:
//   - the verdict's ids are sorted and unique and its action is their maximum;
//   - evaluating twice gives the same verdict;
//   - each phrase and word rule matched exactly when a naive boundary search
//     of its normalised pattern in the normalised views says so;
//   - each regex rule's Pike VM agrees with the backtracking reference
//     (RegexBacktracker) whenever that decides within its step budget.
// Any violation traps, which libFuzzer reports as a crash and saves.
// The normaliser is the real TextNormaliser, as on the server and in clients.

/// Called by libFuzzer once per generated input.
@_cdecl("LLVMFuzzerTestOneInput")
public func rulesFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    if let violation = RulesFuzzCheck.violation(in: input) {
        fatalError("rules self-check failed: \(violation)")
    }
    return 0
}

enum RulesFuzzCheck {
    static func violation(in input: [UInt8]) -> String? {
        let marker = input.firstIndex(of: 0) ?? input.count
        var file = Array(input[..<marker])
        let text = marker < input.count ? Array(input[(marker + 1)...]) : []
        if !file.starts(with: Array("format".utf8)) { file = Array("format trustforum-rules/v1\n".utf8) + file }
        guard let rules = try? RuleSet.parse(utf8: file, file: "fuzz.rules"),
              let engine = try? RuleEngine(rules, normalise: fuzzNormalise) else { return nil }
        let verdict = engine.evaluate(text)
        let ids = verdict.ruleIDs
        for i in ids.indices.dropFirst() where ids[i - 1] >= ids[i] { return "ids not sorted and unique: \(ids)" }
        if verdict.action != (verdict.matches.map(\.action).max() ?? .allow) { return "action is not the strongest" }
        if engine.evaluate(text) != verdict { return "not deterministic" }
        let normalised = fuzzNormalise(text)
        let matched = Set(ids)
        for rule in engine.rules {
            switch rule.matcher {
            case .phrase, .word:
                let pattern = fuzzNormalise(Array(rule.pattern.utf8))
                var expected = occurs(trim(pattern.text), in: normalised.text)
                if rule.matcher == .phrase { expected = expected || occurs(trim(pattern.skeleton), in: normalised.skeleton) }
                if expected != matched.contains(rule.id) { return "\(rule.matcher) rule \(rule.id) disagrees with naive search" }
            case .regex:
                guard let program = rule.regex, normalised.text.count <= 64 else { continue }
                let answer = normalised.text.withUnsafeBufferPointer { program.matches($0) }
                if answer != matched.contains(rule.id) { return "regex rule \(rule.id) verdict differs from its program" }
                if let reference = RegexBacktracker.matches(program.tree, in: normalised.text, budget: 100_000), reference != answer {
                    return "regex /\(rule.pattern)/ Pike VM \(answer), reference \(reference)"
                }
            case .domain, .price:
                continue
            }
        }
        return nil
    }

    private static func trim(_ bytes: [UInt8]) -> [UInt8] {
        var start = 0, end = bytes.count
        while start < end && RuleBytes.isSpace(bytes[start]) { start += 1 }
        while end > start && RuleBytes.isSpace(bytes[end - 1]) { end -= 1 }
        return Array(bytes[start..<end])
    }

    /// Whether `phrase` occurs in `text` with a boundary wherever its edge is a word byte.
    private static func occurs(_ phrase: [UInt8], in text: [UInt8]) -> Bool {
        guard !phrase.isEmpty, phrase.count <= text.count else { return false }
        for start in 0...(text.count - phrase.count) where text[start..<(start + phrase.count)].elementsEqual(phrase) {
            let end = start + phrase.count
            if RuleBytes.isWord(phrase[0]) && start > 0 && RuleBytes.isWord(text[start - 1]) { continue }
            if RuleBytes.isWord(phrase[phrase.count - 1]) && end < text.count && RuleBytes.isWord(text[end]) { continue }
            return true
        }
        return false
    }
}

/// The real normalisation, built once.
let fuzzNormalise: Normalise = TextNormaliser().ruleInput
