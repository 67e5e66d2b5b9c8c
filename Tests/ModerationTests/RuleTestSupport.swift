@testable import Moderation

/// A stand-in for the real `TextNormaliser` (Sources/Moderation/Normalisation,
/// landing separately): ASCII lower case and whitespace runs as one space for
/// `text`; for `skeleton`, leet digits and symbols mapped (3→e 0→o 4→a 5→s
/// 7→t @→a $→s) and runs of single-character words joined ("d 3 m o" →
/// "demo"). The same stand-in is copied in RulesBench.swift and RulesFuzz.swift.
enum RuleStandIn {
    static let normalise: Normalise = { bytes in
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count)
        var inSpace = false
        for byte in bytes {
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                if !inSpace { text.append(0x20) }
                inSpace = true
            } else {
                inSpace = false
                text.append(byte &- 0x41 < 26 ? byte | 0x20 : byte)
            }
        }
        var mapped = text
        for i in mapped.indices {
            switch mapped[i] {
            case UInt8(ascii: "3"): mapped[i] = UInt8(ascii: "e")
            case UInt8(ascii: "0"): mapped[i] = UInt8(ascii: "o")
            case UInt8(ascii: "4"), UInt8(ascii: "@"): mapped[i] = UInt8(ascii: "a")
            case UInt8(ascii: "5"), UInt8(ascii: "$"): mapped[i] = UInt8(ascii: "s")
            case UInt8(ascii: "7"): mapped[i] = UInt8(ascii: "t")
            default: break
            }
        }
        // Drop a space that has a one-character word on both sides.
        var skeleton: [UInt8] = []
        skeleton.reserveCapacity(mapped.count)
        let n = mapped.count
        for i in 0..<n {
            if mapped[i] == 0x20, i >= 1, i + 1 < n, mapped[i - 1] != 0x20, mapped[i + 1] != 0x20,
               i < 2 || mapped[i - 2] == 0x20, i + 2 >= n || mapped[i + 2] == 0x20 {
                continue
            }
            skeleton.append(mapped[i])
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
    }
}

extension RuleEngine {
    /// Evaluates a string (test convenience).
    func check(_ text: String) -> Verdict { evaluate(Array(text.utf8)) }
}
