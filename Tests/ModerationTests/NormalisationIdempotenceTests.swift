import Testing
@testable import Moderation

@Suite struct NormalisationIdempotenceTests {
    static let samples = [
        "", " ", "Koop NU!", "Straße İstanbul ﬁ ①", "€ 1.500,- p/m", "d 3 m o", "dеmо",
        "ΣΊΣΥΦΟΣ Ω ǅ", "\u{FDFA} \u{00A8} \u{0385}", "ꜰʀᴇᴇ ᴅᴇᴍᴏ", "cafe\u{0301}\u{200B}",
        "한국어 日本語 ᄀ각", "😀🇳🇱", " \u{00A0}a\u{2003}\u{200B} b ",
    ]

    @Test(arguments: samples)
    func textIsStable(sample: String) {
        let once = normaliser.normalise(Array(sample.utf8))
        let twice = normaliser.normalise(once.text)
        #expect(twice.text == once.text)
        #expect(twice.skeleton == once.skeleton)
    }

    @Test func textIsStableForRandomInput() {
        var generator = SplitMix64(state: 2026)
        // Random bytes, and random scalars from the busy parts of the tables.
        let ranges: [ClosedRange<UInt32>] = [0...0x7F, 0x80...0x2FF, 0x300...0x36F, 0x370...0x52F,
                                             0x1D00...0x1FFF, 0x2000...0x33FF, 0xFB00...0xFFFF, 0x1D400...0x1D7FF]
        for round in 0..<2000 {
            var input: [UInt8]
            if round % 2 == 0 {
                input = (0..<Int.random(in: 0...32, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            } else {
                var string = ""
                for _ in 0..<Int.random(in: 0...16, using: &generator) {
                    let range = ranges.randomElement(using: &generator)!
                    if let scalar = Unicode.Scalar(UInt32.random(in: range, using: &generator)) {
                        string.unicodeScalars.append(scalar)
                    }
                }
                input = Array(string.utf8)
            }
            let once = normaliser.normalise(input).text
            #expect(normaliser.normalise(once).text == once, "\(input)")
        }
    }

    @Test func everyMappedCodePointMapsToAFixedPoint() {
        // Every plane the tables map (0, 1 and the tags of plane 14): each
        // scalar's text, normalised again, is unchanged.
        for value in Array(UInt32(0)...0x1FFFF) + Array(0xE0000...0xE0FFF) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let once = normaliser.normalise(Array(String(scalar).utf8)).text
            if normaliser.normalise(once).text != once {
                Issue.record("U+\(String(value, radix: 16, uppercase: true)) is not stable")
                return
            }
        }
    }
}
