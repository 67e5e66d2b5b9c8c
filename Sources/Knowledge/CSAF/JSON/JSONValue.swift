/// A JSON value as `JSONParser` reads it: numbers as `Double`, objects
/// without duplicate keys (the parser refuses them).
///
///     let value = try JSONParser.parse(Array(#"{"a": [1, true]}"#.utf8))
///     // .object(["a": .array([.number(1), .bool(true)])])
enum JSONValue: Sendable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    /// The JSON schema's name for the value's type, for error messages.
    var typeName: String {
        switch self {
        case .object: "object"
        case .array: "array"
        case .string: "string"
        case .number: "number"
        case .bool: "boolean"
        case .null: "null"
        }
    }
}
