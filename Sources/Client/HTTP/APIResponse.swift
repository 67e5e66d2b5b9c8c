import Foundation

/// A successful (2xx) answer of the API: its status and JSON body.
///
///     let answer = try api.send("GET", "/v1/members")
///     let list = try answer.decode(Wire.MemberList.self)
///     print(answer.prettyJSON ?? "")
public struct APIResponse: Sendable {
    /// The HTTP status.
    public let status: Int
    /// The `Content-Type` header.
    public let contentType: String
    /// The body as received.
    public let body: Data
    /// The server's origin, for error messages.
    let server: String

    /// The body decoded as `T`; a body of another shape is an `unexpectedResponse`.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws(APIError) -> T {
        if T.self == Empty.self, let empty = Empty() as? T { return empty }
        do {
            return try JSONDecoder().decode(T.self, from: body)
        } catch {
            throw .unexpectedResponse(server: server, status: status, reason: "the JSON does not have the documented shape (\(APIResponse.field(error)))")
        }
    }

    /// The body re-encoded with sorted keys and indentation, for `--json`;
    /// nil when it is not JSON.
    public var prettyJSON: String? {
        guard let object = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
            return nil
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The problem document of an error answer, when it is one.
    var problem: ProblemDocument? {
        guard contentType.lowercased().hasPrefix("application/problem+json") else { return nil }
        return try? JSONDecoder().decode(ProblemDocument.self, from: body)
    }

    /// The coding path of a decoding error (no values).
    private static func field(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not JSON" }
        switch error {
        case let .keyNotFound(key, context): return "missing " + (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            return "wrong type for " + context.codingPath.map(\.stringValue).joined(separator: ".")
        case .dataCorrupted: return "not JSON"
        @unknown default: return "not JSON"
        }
    }

    /// An answer without a body to decode (204).
    public struct Empty: Decodable, Sendable {
        public init() {}
    }
}

/// RFC 9457's fields, and the extension 426 carries.
struct ProblemDocument: Decodable {
    let type: String?
    let title: String?
    let status: Int?
    let detail: String?
    let min_client_protocol: Int?
}
