import Foundation
import Testing
@testable import Moderation

@Suite struct NormalisationConfusablesTests {
    /// The error of `TextNormaliser(confusables: text)`, or nil when it parses.
    func error(_ text: String) -> ConfusablesError? {
        do {
            _ = try TextNormaliser(confusables: text)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesMappingsCommentsAndBlankLines() throws {
        let custom = try TextNormaliser(confusables: "# test\n\nU+0430 a  # а\r\nU+03b1\tq\nU+1F600 smile # 😀\n")
        #expect(String(decoding: custom.normalise(Array("а α 😀 е".utf8)).text, as: UTF8.self) == "a q smile е")
        let none = try TextNormaliser(confusables: "")
        #expect(String(decoding: none.normalise(Array("dеmо".utf8)).text, as: UTF8.self) == "dеmо")
    }

    @Test func namesTheLineAndReason() {
        #expect(error("U+0430 a\nU+04ZZ b\n") == ConfusablesError(line: 2, reason: .badCodePoint("U+04ZZ")))
        #expect(error("\n\nU+110000 a") == ConfusablesError(line: 3, reason: .badCodePoint("U+110000")))
        #expect(error("U+D800 a") == ConfusablesError(line: 1, reason: .badCodePoint("U+D800")))
        #expect(error("0430 a") == ConfusablesError(line: 1, reason: .badCodePoint("0430")))
        #expect(error("U+430 a") == ConfusablesError(line: 1, reason: .badCodePoint("U+430")))
        #expect(error("U+0041 a") == ConfusablesError(line: 1, reason: .asciiSource("U+0041")))
        #expect(error("# c\nU+0430   # no target") == ConfusablesError(line: 2, reason: .missingTarget))
        #expect(error("U+0430 a b") == ConfusablesError(line: 1, reason: .extraField("b")))
        #expect(error("U+0430 a\nU+0435 e\nU+0430 o") == ConfusablesError(line: 3, reason: .duplicate(firstLine: 1)))
        #expect(error("U+0430 A") == ConfusablesError(line: 1, reason: .targetNotNormalised("U+41")))
        #expect(error("U+0430 é") == ConfusablesError(line: 1, reason: .targetNotNormalised("U+E9")))
        #expect(error("U+0430 \u{03B1}\nU+03B1 a") == ConfusablesError(line: 1, reason: .targetIsSource("U+3B1")))
        #expect(error("U+0430 aaaaaaaaaaaaaaaaa") == ConfusablesError(line: 1, reason: .targetTooLong))
    }

    @Test func describesErrorsWithTheLineNumber() {
        let description = ConfusablesError(line: 7, reason: .duplicate(firstLine: 3)).description
        #expect(description == "confusables line 7: the code point is already mapped on line 3")
    }

    @Test func builtInTableIsThePolicyFile() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let policy = try String(contentsOf: root.appendingPathComponent("Policies/confusables.txt"), encoding: .utf8)
        #expect(ConfusablesData.text == policy, "run Ops/gen-unicode-tables")
        _ = try TextNormaliser(confusables: policy)
    }

    @Test func policyFileCoversCyrillicAndGreekLookAlikes() {
        let cyrillic = "а е о р с у х ѕ і ј һ ԁ ԛ ԝ ӏ А В Е К М Н О Р С Т Х У"
        #expect(text(cyrillic) == "a e o p c y x s i j h d q w l a b e k m h o p c t x y")
        let greek = "α ε ι κ ν ο ρ τ υ χ ω Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ"
        #expect(text(greek) == "a e i k v o p t u x w a b e z h i k m n o p t y x")
    }
}
