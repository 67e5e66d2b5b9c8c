import Testing
@testable import Moderation

@Suite struct NormalisationUTF8Tests {
    static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    @Test(arguments: [
        // Each maximal subpart of an ill-formed sequence is one U+FFFD.
        ([0x61, 0x80, 0x62], [0x61] + replacement + [0x62]),                   // lone continuation
        ([0xBF, 0xBF], replacement + replacement),
        ([0xC0, 0xAF], replacement + replacement),                              // overlong '/'
        ([0xE0, 0x80, 0xAF], replacement + replacement + replacement),          // overlong, 3 bytes
        ([0xED, 0xA0, 0x80], replacement + replacement + replacement),          // surrogate D800
        ([0xF4, 0x90, 0x80, 0x80], replacement + replacement + replacement + replacement),  // > U+10FFFF
        ([0xE2, 0x82], replacement),                                            // truncated €
        ([0xE2, 0x82, 0x61], replacement + [0x61]),
        ([0xF0, 0x9F, 0x98], replacement),                                      // truncated emoji
        ([0xFF, 0xFE, 0x61], replacement + replacement + [0x61]),
        ([0xF5, 0x80], replacement + replacement),
        ([0xC1, 0xBF], replacement + replacement),
    ] as [([UInt8], [UInt8])])
    func replacesInvalidSequences(input: [UInt8], expected: [UInt8]) {
        #expect(text(bytes: input) == expected)
    }

    @Test func keepsValidSequencesOfEveryLength() {
        let input = Array("a\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}".utf8)
        // U+007F and U+0080 are controls (removed); the others are unassigned,
        // noncharacters or private use, kept as they are.
        #expect(text(bytes: input) == Array("a\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}".utf8))
    }

    @Test func outputIsValidUTF8ForRandomBytes() {
        var generator = SplitMix64(state: 42)
        for length in [1, 2, 3, 7, 64, 1000] {
            for _ in 0..<200 {
                let input = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let normalised = normaliser.normalise(input)
                #expect(isValidUTF8(normalised.text))
                #expect(isValidUTF8(normalised.skeleton))
            }
        }
    }

    @Test func completesOnEightMebibytesOfRandomBytes() {
        var generator = SplitMix64(state: 1)
        var input = [UInt8](repeating: 0, count: 8 << 20)
        for index in stride(from: 0, to: input.count, by: 8) {
            withUnsafeBytes(of: generator.next()) { word in
                for offset in 0..<8 { input[index + offset] = word[offset] }
            }
        }
        let normalised = normaliser.normalise(input)
        #expect(normalised.text.count > input.count / 2)
        #expect(normalised.skeleton.count <= normalised.text.count)
        #expect(isValidUTF8(normalised.text))
    }
}
