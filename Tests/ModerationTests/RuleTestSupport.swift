@testable import Moderation

/// A stand-in for the real `TextNormaliser` (Sources/Moderation/Normalisation,
/// landing separately): ASCII lower case and whitespace runs as one space for
/// `text`; for `skeleton`, leet digits and symbols mapped (3→e 0→o 4→a 5→s
/// 7→t @→a $→s) and runs of single-character words joined ("d 3 m o" →
/// "demo"). The same stand-in is copied in RulesBench.swift and RulesFuzz.swift.
enum RuleStandIn {
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

/// Helpers shared by the rule tests.
enum RuleTesting {
    /// A rule file with the format line and `lines`.
    static func file(_ lines: String...) -> String {
        (["format trustforum-rules/v1"] + lines).joined(separator: "\n") + "\n"
    }

    /// An engine of the rules in `lines` with the stand-in normaliser.
    static func engine(_ lines: String...) throws -> RuleEngine {
        let source = (["format trustforum-rules/v1"] + lines).joined(separator: "\n")
        return try RuleEngine(try RuleSet.parse(source, file: "test.rules"), normalise: RuleStandIn.normalise)
    }

    /// The problems of parsing `source` (empty when it parses).
    static func problems(_ source: String, file: String = "t.rules") -> [String] {
        do throws(RuleFileError) {
            _ = try RuleSet.parse(source, file: file)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    /// A deterministic generator (SplitMix64).
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

        /// A regex of 1 to `atMost` atoms, each but an anchor with a
        /// quantifier drawn from `quantifiers`, and a `|` after one in six.
        mutating func pattern(atoms: [String], quantifiers: [String], atMost: Int) -> String {
            var pattern = ""
            for _ in 0..<(1 + below(atMost)) {
                let atom = atoms[below(atoms.count)]
                pattern += atom
                if atom != "\\b" && atom != "^" && atom != "$" { pattern += quantifiers[below(quantifiers.count)] }
                if below(6) == 0 { pattern += "|" }
            }
            return pattern
        }

        /// Up to `shorterThan - 1` pieces of `alphabet`, joined.
        mutating func text(_ alphabet: [[UInt8]], shorterThan: Int) -> [UInt8] {
            (0..<below(shorterThan)).flatMap { _ in alphabet[below(alphabet.count)] }
        }
    }
}

extension RuleEngine {
    /// Evaluates a string (test convenience).
    func check(_ text: String) -> Verdict { evaluate(Array(text.utf8)) }
}
