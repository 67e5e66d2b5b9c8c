import Core
import Crypto
import Foundation
import Protocol
import Testing

// `PostWire.Submit.decodePlain` (the ingest path's decoder) never accepts
// what `JSONDecoder` refuses and never reads a value differently: on many
// valid bodies, as clients write them, and on thousands of altered ones,
// whatever it accepts `JSONDecoder` accepts with the same value. It must
// also accept the forms clients write, or ingest would gain nothing.

@Suite struct PostSubmitDecodingTests {
    let signer = SigningSecretKey()

    func post(_ moderation: Post.Moderation) throws -> Post {
        var f = PostFields()
        f.moderation = moderation
        f.label = .amber
        return try f.seal(PostPayload(body: String(repeating: "x", count: Int.random(in: 0...1500))), key: SecureBytes(Random.bytes(32)),
                          author: signer)
    }

    /// Checks the one property: accepted plainly ⇒ accepted by JSONDecoder, equal.
    @discardableResult
    func same(_ body: [UInt8], _ note: @autoclosure () -> String = "") -> Bool {
        guard let plain = PostWire.Submit.decodePlain(body) else { return false }
        let foundation = try? JSONDecoder().decode(PostWire.Submit.self, from: Data(body))
        #expect(foundation == plain, "\(note()) \(String(decoding: body, as: UTF8.self).debugDescription)")
        return true
    }

    func bodies() throws -> [[UInt8]] {
        var out: [[UInt8]] = []
        for moderation in [Post.Moderation.none, .hold] {
            let submit = PostWire.Submit(try post(moderation))
            for formatting: JSONEncoder.OutputFormatting in [[], [.sortedKeys], [.withoutEscapingSlashes], [.prettyPrinted],
                                                             [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]] {
                let encoder = JSONEncoder()
                encoder.outputFormatting = formatting
                out.append(Array(try encoder.encode(submit)))
            }
            out.append(Array(try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: JSONEncoder().encode(submit)))))
        }
        return out
    }

    @Test func acceptsWhatClientsWriteWithTheSameValue() throws {
        for body in try bodies() {
            #expect(same(body), "a client's body falls back to JSONDecoder")
        }
        // Whitespace of every JSON kind around every token.
        let body = try bodies()[0]
        var spaced: [UInt8] = [0x20, 0x0A]
        var inString = false  // the bodies have no escaped quote
        for byte in body {
            if byte == 0x22 { inString.toggle() }
            if !inString && [0x7B, 0x7D, 0x3A, 0x2C].contains(byte) { spaced += [0x09, byte, 0x0D, 0x0A, 0x20] } else { spaced.append(byte) }
        }
        #expect(same(spaced))
    }

    @Test func integersAtTheirLimits() throws {
        let submit = PostWire.Submit(try post(.none))
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(submit)) as! [String: Any]
        func body(_ epoch: String, _ logSeq: String = "7") -> [UInt8] {
            var text = "{"
            for (key, value) in object where key != "epoch" && key != "log_seq" { text += "\"\(key)\":\"\(value as! String)\"," }
            return Array((text + "\"epoch\":\(epoch),\"log_seq\":\(logSeq)}").utf8)
        }
        for accepted in ["0", "1", "9", "10", "4294967296", "9007199254740993", "18446744073709551615"] {
            #expect(same(body(accepted)), "\(accepted)")
            #expect(PostWire.Submit.decodePlain(body(accepted))?.epoch == UInt64(accepted))
        }
        for refused in ["18446744073709551616", "99999999999999999999999", "-0", "-1", "01", "00", "1.0", "1e2", "1E2", "0.5", "+1", "\"1\"",
                        "null", "true", "[1]", "{}", "", "1 2", "0x10", "１"] {
            _ = same(body(refused))
            _ = same(body("1", refused))
        }
    }

    @Test func alteredBodiesAreNeverReadDifferently() throws {
        var generator = SystemRandomNumberGenerator()
        let odd: [[UInt8]] = ["\"", "\\", "\\\"", "\\/", "\\u0041", "\\n", "{", "}", "[", "]", ":", ",", " ", "\t", "\n", "0", "1", "-", ".",
                              "e", "null", "true", "\"x\":1,", "\"epoch\":1,", "\"post_id\":\"a\",", "/", "\u{7F}", "é", "\u{0}", "\u{1F}"]
            .map { Array($0.utf8) }
        var accepted = 0
        for body in try bodies() {
            let keys = ["post_id", "thread_id", "label", "keyring_id", "epoch", "log_seq", "log_head", "author_id", "author_cert_hash",
                        "franking_tag", "moderation", "nonce", "ciphertext", "policy_version", "signature"]
            for _ in 0..<400 {
                var changed = body
                let at = Int.random(in: 0..<changed.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: changed.replaceSubrange(at...at, with: odd.randomElement(using: &generator)!)
                case 1: changed.remove(at: at)
                case 2: changed.insert(contentsOf: odd.randomElement(using: &generator)!, at: at)
                default: changed = Array(changed.prefix(at))
                }
                if same(changed, "altered") { accepted += 1 }
            }
            let text = String(decoding: body, as: UTF8.self)
            for key in keys {
                // A missing, repeated, null, mistyped or escaped field; an unknown one.
                let object = try JSONSerialization.jsonObject(with: Data(body)) as! [String: Any]
                var without = object; without[key] = nil
                same(Array(try JSONSerialization.data(withJSONObject: without)), "without \(key)")
                var null = object; null[key] = NSNull()
                same(Array(try JSONSerialization.data(withJSONObject: null)), "null \(key)")
                var mistyped = object; mistyped[key] = object[key] is String ? 5 : "5"
                same(Array(try JSONSerialization.data(withJSONObject: mistyped)), "mistyped \(key)")
                var unknown = object; unknown["x_" + key] = "y"
                same(Array(try JSONSerialization.data(withJSONObject: unknown)), "unknown")
                same(Array(text.replacingOccurrences(of: "\"\(key)\":", with: "\"\(key)\":1,\"\(key)\":").utf8), "repeated \(key)")
                same(Array(text.replacingOccurrences(of: "\"\(key)\":", with: "\"\(key)\":\"a\",\"\(key)\":").utf8), "repeated \(key)")
                let escapedKey = key.replacingOccurrences(of: "_", with: "\\u005f")
                same(Array(text.replacingOccurrences(of: "\"\(key)\":", with: "\"\(escapedKey)\":").utf8), "escaped \(key)")
            }
            same(Array(("[" + text + "]").utf8))
            same(Array((text + text).utf8))
            same(Array((text + ",").utf8))
            same(Array(("\u{FEFF}" + text).utf8))
        }
        // Most alterations are refused; some (a changed letter in a value) are not.
        #expect(accepted > 0)
    }
}
