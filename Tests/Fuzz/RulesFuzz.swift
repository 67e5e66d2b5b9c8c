// libFuzzer entry point for the moderation rule language and engine. Built
// standalone with swiftc (like Ops/fuzz does for http) from
//   Sources/Moderation/Moderation.swift Sources/Moderation/Rules/*.swift Tests/Fuzz/RulesFuzz.swift
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
// The normaliser is the ASCII stand-in of the tests until the real one is wired.

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
              let engine = try? RuleEngine(rules, normalise: FuzzStandIn.normalise) else { return nil }
        let verdict = engine.evaluate(text)
        let ids = verdict.ruleIDs
        for i in ids.indices.dropFirst() where ids[i - 1] >= ids[i] { return "ids not sorted and unique: \(ids)" }
        if verdict.action != (verdict.matches.map(\.action).max() ?? .allow) { return "action is not the strongest" }
        if engine.evaluate(text) != verdict { return "not deterministic" }
        let normalised = FuzzStandIn.normalise(text)
        let matched = Set(ids)
        for rule in engine.rules {
            switch rule.matcher {
            case .phrase, .word:
                let pattern = FuzzStandIn.normalise(Array(rule.pattern.utf8))
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

/// The same ASCII stand-in as Tests/ModerationTests/RuleTestSupport.swift.
enum FuzzStandIn {
    static let normalise: @Sendable ([UInt8]) -> NormalisedInput = { bytes in
        // text: ASCII lower case, whitespace runs as one space.
        let text = bytes.withUnsafeBufferPointer { input in
            [UInt8](unsafeUninitializedCapacity: input.count) { out, count in
                var n = 0
                var inSpace = false
                for i in 0..<input.count {
                    let byte = input[i]
                    let isSpace = byte == 0x20 || (byte &- 0x09) < 5
                    if isSpace && inSpace { continue }
                    out[n] = isSpace ? 0x20 : (byte &- 0x41 < 26 ? byte | 0x20 : byte)
                    n &+= 1
                    inSpace = isSpace
                }
                count = n
            }
        }
        // skeleton: leet mapped (3→e 0→o 4→a 5→s 7→t @→a $→s); a space with
        // a one-character word on both sides dropped ("d 3 m o" → "demo").
        let skeleton = text.withUnsafeBufferPointer { t in
            [UInt8](unsafeUninitializedCapacity: t.count) { out, count in
                var n = 0
                let length = t.count
                for i in 0..<length {
                    var byte = t[i]
                    if byte == 0x20 {
                        if i >= 1, i + 1 < length, t[i - 1] != 0x20, t[i + 1] != 0x20,
                           i < 2 || t[i - 2] == 0x20, i + 2 >= length || t[i + 2] == 0x20 { continue }
                    } else if byte < 0x41 {
                        switch byte {
                        case UInt8(ascii: "3"): byte = UInt8(ascii: "e")
                        case UInt8(ascii: "0"): byte = UInt8(ascii: "o")
                        case UInt8(ascii: "4"), UInt8(ascii: "@"): byte = UInt8(ascii: "a")
                        case UInt8(ascii: "5"), UInt8(ascii: "$"): byte = UInt8(ascii: "s")
                        case UInt8(ascii: "7"): byte = UInt8(ascii: "t")
                        default: break
                        }
                    }
                    out[n] = byte
                    n &+= 1
                }
                count = n
            }
        }
        return NormalisedInput(text: text, skeleton: skeleton)
    }
}
