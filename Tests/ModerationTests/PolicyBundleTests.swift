import Foundation
import Testing
@testable import Moderation

/// The moderation bundle `trustforum-moderation/v1`: built from rule files
/// deterministically, decoded back into an engine that decides the same,
/// refused with a clear reason when malformed.
@Suite struct PolicyBundleTests {
    static let rules = """
        format trustforum-rules/v1
        demo-en   hold  regex  "\\b(book|schedule) (a )?demo\\b"  -- Sales calls to action are not allowed here.
        korting   flag  word   "korting"                        -- Kortingen horen niet op dit forum.
        shop      block domain "shop.example.nl"                -- Links to web shops are not allowed.
        quote     flag  phrase "say \\"cheese\\""               -- Quoted "text" with a \\ backslash.
        per-maand flag  price  "recurring"                      -- A price per period looks like an offer.

        """

    static func source(_ text: String = rules, name: String = "a.rules") -> RuleSource {
        RuleSource(name: name, bytes: Array(text.utf8))
    }

    static func object(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    static func bytes(_ object: [String: Any]) throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    @Test func roundTripDecidesLikeTheRuleFiles() throws {
        let bytes = try PolicyBundle.build([Self.source()])
        let policy = try PolicyBundle.decode(bytes)
        let direct = try RuleEngine(try RuleSet.parse(Self.rules, file: "a.rules"))
        #expect(policy.rules.rules.map(\.id) == ["demo-en", "korting", "per-maand", "quote", "shop"])
        #expect(policy.rules.rules.first { $0.id == "quote" }?.pattern == "say \"cheese\"")
        #expect(policy.rules.rules.first { $0.id == "quote" }?.reason == "Quoted \"text\" with a \\ backslash.")
        for text in ["Book a demo today", "20% KORTING", "see https://www.shop.example.nl/x", "€ 25 per maand", "Say \"cheese\"!", "a question"] {
            #expect(policy.engine.evaluate(Array(text.utf8)) == direct.evaluate(Array(text.utf8)), "\(text)")
        }
        #expect(try policy.evaluate("visit shop.example.nl", as: .profileField).action == .block)
        #expect(throws: ContentTooLarge.self) { try policy.evaluate(String(repeating: "a", count: 5000), as: .profileField) }
        // Encoding the decoded rules gives the same bytes.
        #expect(PolicyBundle.encode(policy.rules) == bytes)
    }

    @Test func theSameSourcesGiveTheSameBytesInAnyFileOrder() throws {
        let one = Self.source("format trustforum-rules/v1\nb flag word \"korting\" -- B.\n", name: "one.rules")
        let two = Self.source("format trustforum-rules/v1\na hold phrase \"book a demo\" -- A.\n", name: "two.rules")
        let first = try PolicyBundle.build([one, two])
        #expect(try PolicyBundle.build([two, one]) == first)
        #expect(try PolicyBundle.build([one, two]) == first)
        // Canonical: sorted keys, no white space outside strings, rules by id.
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.hasPrefix("{\"format\":\"trustforum-moderation/v1\",\"normalisation\":{\"confusables\":\"# Confusables"))
        #expect(text.hasSuffix("\"rule_format\":\"trustforum-rules/v1\",\"rules\":[{\"action\":\"hold\",\"id\":\"a\",\"matcher\":\"phrase\",\"pattern\":\"book a demo\",\"reason\":\"A.\"},{\"action\":\"flag\",\"id\":\"b\",\"matcher\":\"word\",\"pattern\":\"korting\",\"reason\":\"B.\"}],\"unicode_version\":\"\(TextNormaliser.unicodeVersion)\"}"))
        // Another rule, other bytes.
        #expect(try PolicyBundle.build([one]) != first)
        // Keys in code point order (Python's sort_keys), not a locale's.
        #expect(text.contains("\"leet\":{\"$\":\"s\",\"0\":\"o\",\"1\":\"i\",\"3\":\"e\",\"4\":\"a\",\"5\":\"s\",\"7\":\"t\",\"8\":\"b\",\"@\":\"a\"}"))
        // Valid JSON for an independent parser.
        #expect(try Self.object(first)["format"] as? String == PolicyBundle.format)
    }

    @Test func theEmbeddedBundleIsTheShippedFilesWithTheShippedConfusables() throws {
        let object = try Self.object(PolicyBundle.embedded)
        let normalisation = try #require(object["normalisation"] as? [String: Any])
        #expect(normalisation["confusables"] as? String == ConfusablesData.text)
        #expect(object["unicode_version"] as? String == TextNormaliser.unicodeVersion)
        #expect((object["rules"] as? [Any])?.count ?? 0 > 40)
    }

    @Test func aBundleWithItsOwnConfusablesUsesThem() throws {
        let rules = try RuleSet.parse("format trustforum-rules/v1\nd flag word \"demo\" -- D.\n", file: "d.rules")
        // U+0111 (đ) looks like d; the shipped table does not list it.
        let bytes = PolicyBundle.encode(rules, confusables: ConfusablesData.text + "U+0111 d\n")
        let shipped = try PolicyBundle.decode(PolicyBundle.encode(rules))
        #expect(try PolicyBundle.decode(bytes).engine.evaluate(Array("đemo".utf8)).action == .flag)
        #expect(shipped.engine.evaluate(Array("đemo".utf8)).action == .allow)
        let broken = PolicyBundle.encode(rules, confusables: "U+0041 a\n")
        #expect(throws: BundleError.confusables("confusables line 1: U+0041 is ASCII, which is never remapped")) { try PolicyBundle.decode(broken) }
    }

    static func refusal(_ mutate: (inout [String: Any]) -> Void) throws -> String {
        var object = try object(PolicyBundle.build([source()]))
        mutate(&object)
        let encoded = try bytes(object)
        do throws(BundleError) {
            _ = try PolicyBundle.decode(encoded)
            return "accepted"
        } catch {
            return error.description
        }
    }

    static func rule(_ object: inout [String: Any], _ index: Int, _ key: String, _ value: Any?) {
        var rules = object["rules"] as! [[String: Any]]
        rules[index][key] = value
        object["rules"] = rules
    }

    @Test func malformedBundlesAreRefusedWithTheReason() throws {
        #expect(throws: BundleError.self) { try PolicyBundle.decode(Array("{\"format\":".utf8)) }
        #expect(throws: BundleError.malformedJSON("duplicate member \"a\" at byte 12")) { try PolicyBundle.decode(Array("{\"a\":1,\"a\":2}".utf8)) }
        #expect(throws: BundleError.malformedJSON("a lone surrogate at byte 8")) { try PolicyBundle.decode(Array("[\"\\ud800x\"]".utf8)) }
        #expect(throws: BundleError.malformed("not a JSON object")) { try PolicyBundle.decode(Array("[]".utf8)) }
        #expect(throws: BundleError.self) { try PolicyBundle.decode([0xFF, 0xFE]) }

        #expect(try Self.refusal { $0["format"] = "trustforum-moderation/v2" }
                == "unsupported moderation bundle format 'trustforum-moderation/v2' (expected trustforum-moderation/v1)")
        #expect(try Self.refusal { $0["unicode_version"] = "16.0.0" }
                == "the moderation bundle needs Unicode 16.0.0; this program's normalisation tables are Unicode \(TextNormaliser.unicodeVersion)")
        #expect(try Self.refusal { $0["extra"] = true } == "the moderation bundle is malformed: the bundle has an unknown member \"extra\"")
        #expect(try Self.refusal { $0["rules"] = nil } == "the moderation bundle is malformed: the bundle has no member \"rules\"")
        #expect(try Self.refusal { o in
            var n = o["normalisation"] as! [String: Any]
            n["word_bytes"] = "anything"
            o["normalisation"] = n
        } == "the moderation bundle describes another normalisation (normalisation.word_bytes) than this program implements")
        #expect(try Self.refusal { Self.rule(&$0, 0, "action", "delete") }
                == "the moderation bundle's rules are invalid:\nrule 1: unknown action 'delete' (expected block, hold or flag)")
        #expect(try Self.refusal { Self.rule(&$0, 0, "pattern", "(?=look)") }.hasPrefix(
                "the moderation bundle's rules are invalid:\nrule 1: invalid regex at column"))
        #expect(try Self.refusal { Self.rule(&$0, 1, "reason", "two\nlines") } == "the moderation bundle is malformed: rule 2.reason contains a line break")
        #expect(try Self.refusal { Self.rule(&$0, 1, "id", "x hold") }.hasPrefix("the moderation bundle's rules are invalid:\nrule 2:"))
        #expect(try Self.refusal { Self.rule(&$0, 1, "matcher", "word \"x\" -- y") }.hasPrefix("the moderation bundle's rules are invalid:\nrule 2:"))
        #expect(try Self.refusal { Self.rule(&$0, 1, "id", "zzz") } == "the moderation bundle is malformed: rules must be sorted by id")
        #expect(try Self.refusal { Self.rule(&$0, 1, "id", "demo-en") }.contains("duplicate rule id 'demo-en'"))
        #expect(try Self.refusal { Self.rule(&$0, 1, "extra", 1) } == "the moderation bundle is malformed: rule 2 has an unknown member \"extra\"")
        #expect(try Self.refusal { Self.rule(&$0, 1, "pattern", 7) } == "the moderation bundle is malformed: rule 2.pattern must be a string")
    }

    @Test func ruleFilesAreRefusedWithFileAndLine() throws {
        let bad = Self.source("format trustforum-rules/v1\nok flag word \"a\" -- A.\nbroken hold regex \"(?=x)\" -- B.\n", name: "bad.rules")
        let also = Self.source("format trustforum-rules/v1\nok flag word \"b\" -- dup.\n", name: "also.rules")
        #expect(throws: RuleFileError.self) { try PolicyBundle.build([bad, also]) }
        do throws(RuleFileError) {
            _ = try PolicyBundle.build([bad, also])
            Issue.record("accepted")
        } catch {
            #expect(error.description == "bad.rules:3: invalid regex at column 20: look-around is not supported")
        }
        let good = Self.source("format trustforum-rules/v1\nok flag word \"a\" -- A.\n", name: "good.rules")
        do throws(RuleFileError) {
            _ = try PolicyBundle.build([good, also])
            Issue.record("accepted")
        } catch {
            #expect(error.description == "also.rules:2: duplicate rule id 'ok' (first defined at good.rules:2)")
        }
        // A pattern the normaliser empties is refused at load, with its line.
        do throws(RuleFileError) {
            _ = try PolicyBundle.build([Self.source("format trustforum-rules/v1\n\nz flag word \"\u{200B}x\u{200B}\" -- Z.\ne flag phrase \"\u{0301}\u{0301}\" -- E.\n", name: "e.rules")])
            Issue.record("accepted")
        } catch {
            #expect(error.description.hasPrefix("e.rules:4: "), "\(error)")
        }
    }
}
