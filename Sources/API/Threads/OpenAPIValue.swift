import HTTP

/// A JSON value for the parts of the OpenAPI document built in code, with
/// its keys in the order written, rendered in the document's own style
/// (two-space indentation, `"key": value`).
indirect enum OpenAPIValue: Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([OpenAPIValue])
    case object([(String, OpenAPIValue)])

    /// The value as JSON text, its nested lines indented by `indent` spaces.
    func render(indent: Int) -> String {
        let pad = String(repeating: " ", count: indent + 2)
        let close = String(repeating: " ", count: indent)
        switch self {
        case .string(let text): return JSONText.quote(text)
        case .int(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .array(let items):
            guard !items.isEmpty else { return "[]" }
            return "[\n" + items.map { pad + $0.render(indent: indent + 2) }.joined(separator: ",\n") + "\n" + close + "]"
        case .object(let members):
            guard !members.isEmpty else { return "{}" }
            return "{\n" + OpenAPIValue.members(members, indent: indent + 2) + "\n" + close + "}"
        }
    }

    /// `"key": value` lines at `indent`, joined with commas (no braces).
    static func members(_ members: [(String, OpenAPIValue)], indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        return members.map { pad + JSONText.quote($0.0) + ": " + $0.1.render(indent: indent) }.joined(separator: ",\n")
    }
}

extension ThreadsOpenAPI {
    /// The base document with this part's tags, paths and schemas added.
    /// The anchors are lines of the base's fixed layout; a base edited out
    /// of that shape fails loudly here (and in OpenAPIDocumentTests).
    static func splice(into base: String) -> String {
        var text = base
        func insert(after anchor: String, _ addition: String) {
            guard let range = text.range(of: anchor) else { preconditionFailure("OpenAPI base lacks \(anchor.debugDescription)") }
            text.insert(contentsOf: addition, at: range.upperBound)
        }
        func insert(before anchor: String, _ addition: String) {
            guard let range = text.range(of: anchor) else { preconditionFailure("OpenAPI base lacks \(anchor.debugDescription)") }
            text.insert(contentsOf: addition, at: range.lowerBound)
        }
        insert(after: "  \"tags\": [\n", (tags + ModerationOpenAPI.tags + KnowledgeOpenAPI.tags).map { "    " + $0.render(indent: 4) }.joined(separator: ",\n") + ",\n")
        insert(after: "  \"components\": {\n    \"schemas\": {\n", OpenAPIValue.members(schemas + ModerationOpenAPI.schemas + KnowledgeOpenAPI.schemas, indent: 6) + ",\n")
        insert(before: "\n  },\n  \"components\": {", ",\n" + OpenAPIValue.members(paths + ModerationOpenAPI.paths + KnowledgeOpenAPI.paths, indent: 4))
        return text
    }
}
