import Foundation
import HTTP
import Protocol

extension Request {
    /// Decodes a JSON body. Errors are problems that never echo the input:
    /// 415 for another media type, 400 for malformed JSON or a wrong shape.
    public func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        try requireJSONMediaType()
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch DecodingError.dataCorrupted {
            throw Problem(status: 400, slug: "invalid-json", title: "The request body is not valid JSON.")
        } catch let DecodingError.keyNotFound(key, _) {
            throw Problem(status: 400, slug: "invalid-request", title: "A required field is missing.", detail: "missing field: \(JSONBody.fieldName(key))")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let path = context.codingPath.map { JSONBody.fieldName($0) }.joined(separator: ".")
            throw Problem(status: 400, slug: "invalid-request", title: "A field has the wrong type.", detail: "wrong type: \(path)")
        } catch {
            throw Problem(status: 400, slug: "invalid-json", title: "The request body is not valid JSON.")
        }
    }

    /// 415 unless the body is application/json (or empty without a type).
    func requireJSONMediaType() throws {
        if let contentType = head.headers["Content-Type"] {
            guard Self.isJSONMediaType(contentType) else {
                throw Problem(status: 415, slug: "unsupported-media-type", title: "The request body must be application/json.")
            }
        } else if !body.isEmpty {
            throw Problem(status: 415, slug: "unsupported-media-type", title: "The request body must be application/json.")
        }
    }

    /// `application/json`, in any case, with optional white space around it
    /// and any parameters after `;` (RFC 9110 §8.3.1), compared byte by byte
    /// (Foundation's trimming cost more than the rest of the check).
    static func isJSONMediaType(_ value: String) -> Bool {
        var bytes = Substring(value).utf8[...]
        if let semicolon = bytes.firstIndex(of: UInt8(ascii: ";")) { bytes = bytes[..<semicolon] }
        func space(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        while let first = bytes.first, space(first) { bytes = bytes.dropFirst() }
        while let last = bytes.last, space(last) { bytes = bytes.dropLast() }
        let expected = "application/json".utf8
        guard bytes.count == expected.count else { return false }
        for (byte, want) in zip(bytes, expected) {
            let lower = byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte
            if lower != want { return false }
        }
        return true
    }

    /// A post's body (`PostWire.Submit`): the plain form clients write is
    /// read by `Submit.decodePlain`, anything else by `decodeJSON`, which
    /// accepts and refuses exactly as before.
    public func decodePostSubmit() throws -> PostWire.Submit {
        try requireJSONMediaType()
        if let submit = PostWire.Submit.decodePlain(body) { return submit }
        return try decodeJSON(PostWire.Submit.self)
    }
}

enum JSONBody {
    /// A field name from our own schema, safe to name in an error (the
    /// client's unknown keys never reach here: Decodable ignores them).
    static func fieldName(_ key: any CodingKey) -> String {
        if let index = key.intValue { return "[\(index)]" }
        let name = key.stringValue
        return name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) && name.count <= 64 ? name : "?"
    }

    /// Encodes a response value with sorted keys (stable output).
    static func encode<T: Encodable>(_ value: T, status: Int = 200) throws -> Response {
        .json(try bytes(value), status: status)
    }

    /// The JSON bytes `encode` answers with: sorted keys, no spaces.
    static func bytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}
