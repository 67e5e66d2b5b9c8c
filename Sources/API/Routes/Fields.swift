import Core
import Crypto
import HTTP

/// Checks of request fields. Every failure names the field (our schema's
/// name, never the client's value).
enum Fields {
    static func uuid(_ value: String, _ name: String) throws -> String {
        guard Identifier.isValid(value) else { throw APIProblem.invalid("\(name) must be a lower-case UUID") }
        return value
    }

    static func base64(_ value: String, _ name: String, length: Int) throws -> [UInt8] {
        guard value.utf8.count <= 4 * ((length + 2) / 3), let bytes = try? Base64.decode(value), bytes.count == length else {
            throw APIProblem.invalid("\(name) must be \(length) bytes in standard base64")
        }
        return bytes
    }

    static func base64(_ value: String, _ name: String, maxLength: Int) throws -> [UInt8] {
        guard value.utf8.count <= 4 * ((maxLength + 2) / 3), let bytes = try? Base64.decode(value), !bytes.isEmpty, bytes.count <= maxLength else {
            throw APIProblem.invalid("\(name) must be standard base64 of at most \(maxLength) bytes")
        }
        return bytes
    }

    /// Text a person typed: trimmed, 1…`max` characters, no control characters.
    static func text(_ value: String, _ name: String, max: Int, allowEmpty: Bool = false) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard allowEmpty || !trimmed.isEmpty else { throw APIProblem.invalid("\(name) must not be empty") }
        guard trimmed.count <= max else { throw APIProblem.invalid("\(name) must be at most \(max) characters") }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format && $0 != "\u{200D}" }) else {
            throw APIProblem.invalid("\(name) must not contain control characters")
        }
        return trimmed
    }

    /// A Dutch Chamber of Commerce (KvK) number: exactly 8 digits.
    static func kvk(_ value: String) throws -> String {
        guard value.utf8.count == 8, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw APIProblem.invalid("organisation.kvk_number must be exactly 8 digits")
        }
        return value
    }

    /// An e-mail address of plausible shape (RFC 5321 lengths, one `@`, a
    /// dotted domain, no spaces or control characters), kept exactly as sent:
    /// the applicant's proof of possession signs these bytes.
    static func email(_ value: String) throws -> String {
        let trimmed = value
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard trimmed.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64,
              parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !parts[1].contains(".."),
              trimmed.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7f && $0 != "<" && $0 != ">" && $0 != "," && $0 != ";" }),
              parts[1].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." })
        else { throw APIProblem.invalid("contact.email is not an e-mail address") }
        return value
    }

    /// The fingerprint of stored raw keys ("" for keys that are not valid,
    /// which the store never holds).
    static func fingerprint(sign: [UInt8], box: [UInt8]) -> String {
        guard let signKey = try? SigningPublicKey(sign), let boxKey = try? BoxPublicKey(box) else { return "" }
        return KeyBundle.fingerprint(signPublicKey: signKey, boxPublicKey: boxKey)
    }

    static func oneOf(_ value: String, _ allowed: [String], _ name: String) throws -> String {
        guard allowed.contains(value) else { throw APIProblem.invalid("\(name) must be one of the values in GET /v1/policies/register") }
        return value
    }
}

import Foundation
