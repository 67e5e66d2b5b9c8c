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
            let media = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            guard media == "application/json" else {
                throw Problem(status: 415, slug: "unsupported-media-type", title: "The request body must be application/json.")
            }
        } else if !body.isEmpty {
            throw Problem(status: 415, slug: "unsupported-media-type", title: "The request body must be application/json.")
        }
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
