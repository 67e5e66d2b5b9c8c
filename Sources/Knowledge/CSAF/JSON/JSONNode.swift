/// A JSON value with its path: the typed reads the CSAF parser makes, each
/// failing with a `CSAFError` that names the path.
///
///     let tracking = try node.object()
///     let id = try tracking.required("id").string()   // or .missingField("/document/tracking/id")
struct JSONNode {
    let value: JSONValue
    let path: JSONPath

    private func wrongType(_ expected: String) -> CSAFError {
        .wrongType(path: path.description, expected: expected, found: value.typeName)
    }

    func invalid(_ reason: String) -> CSAFError { .invalidValue(path: path.description, reason: reason) }

    func object() throws(CSAFError) -> JSONObjectNode {
        guard case .object(let members) = value else { throw wrongType("object") }
        return JSONObjectNode(members: members, path: path)
    }

    /// A string of at least `minLength` characters (the schema's `minLength`, 1 by default).
    func string(minLength: Int = 1) throws(CSAFError) -> String {
        guard case .string(let string) = value else { throw wrongType("string") }
        guard string.count >= minLength else { throw invalid("must not be empty") }
        return string
    }

    /// A string that is one of `allowed` (the schema's `enum`).
    func string(oneOf allowed: [String]) throws(CSAFError) -> String {
        let string = try string(minLength: 0)
        guard allowed.contains(string) else { throw invalid("must be one of \(allowed.joined(separator: ", "))") }
        return string
    }

    func number() throws(CSAFError) -> Double {
        guard case .number(let number) = value else { throw wrongType("number") }
        return number
    }

    /// An array's elements, at least `minItems` of them.
    func array(minItems: Int = 1) throws(CSAFError) -> [JSONNode] {
        guard case .array(let elements) = value else { throw wrongType("array") }
        guard elements.count >= minItems else { throw invalid("must have at least \(minItems) item\(minItems == 1 ? "" : "s")") }
        return elements.enumerated().map { JSONNode(value: $0.element, path: path.appending($0.offset)) }
    }

    /// A non-empty array of unique non-empty strings (`products_t`, `product_groups_t`).
    func idList(minItems: Int = 1) throws(CSAFError) -> [CSAFReference] {
        var seen = Set<String>()
        var references: [CSAFReference] = []
        for element in try array(minItems: minItems) {
            let id = try element.string()
            guard seen.insert(id).inserted else { throw element.invalid("duplicate item (the array's items must be unique)") }
            references.append(CSAFReference(id: id, path: element.path))
        }
        return references
    }
}

/// A JSON object with its path.
struct JSONObjectNode {
    let members: [String: JSONValue]
    let path: JSONPath

    /// A member the schema requires.
    func required(_ key: String) throws(CSAFError) -> JSONNode {
        guard let value = members[key] else { throw .missingField(path: path.appending(key).description) }
        return JSONNode(value: value, path: path.appending(key))
    }

    /// A member the schema allows to be absent (present as `null` is still a wrong type).
    func optional(_ key: String) -> JSONNode? {
        members[key].map { JSONNode(value: $0, path: path.appending(key)) }
    }

    /// The schema's `minProperties`.
    func requireMembers(_ count: Int) throws(CSAFError) {
        guard members.count >= count else {
            throw .invalidValue(path: path.description, reason: "must have at least \(count) propert\(count == 1 ? "y" : "ies")")
        }
    }
}
