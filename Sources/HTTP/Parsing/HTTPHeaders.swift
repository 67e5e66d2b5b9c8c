/// Header fields in the order received, with names compared ignoring ASCII case.
///
/// Repeated names are kept as separate fields; `self["Accept"]` is the first value
/// and `values("Accept")` all of them.
///
///     var headers = HTTPHeaders()
///     headers.append(name: "Content-Type", value: "application/json")
///     headers["content-type"]   // "application/json"
public struct HTTPHeaders: Sendable, Sequence, Equatable, ExpressibleByDictionaryLiteral {
    /// One field: its name as received and its value without surrounding whitespace.
    public typealias Element = (name: String, value: String)

    private var fields: [Element]

    /// No fields.
    public init() {
        fields = []
    }

    /// The given fields, in order.
    public init(_ fields: [Element]) {
        self.fields = fields
    }

    /// The literal's fields, in order (repeated names are allowed).
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// Room for `capacity` fields without reallocating.
    init(capacity: Int) {
        fields = []
        fields.reserveCapacity(capacity)
    }

    /// The number of fields.
    public var count: Int { fields.count }

    /// The value of the first field named `name` (any case), or nil.
    public subscript(name: String) -> String? {
        fields.first { ASCII.equalsIgnoringCase($0.name, name) }?.value
    }

    /// The values of all fields named `name` (any case), in order.
    public func values(_ name: String) -> [String] {
        fields.compactMap { ASCII.equalsIgnoringCase($0.name, name) ? $0.value : nil }
    }

    /// Whether a field named `name` (any case) is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { ASCII.equalsIgnoringCase($0.name, name) }
    }

    /// Adds a field after the others. The caller checks the bytes when the
    /// fields go on the wire (see ``isValidName(_:)`` and ``isValidValue(_:)``).
    public mutating func append(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// Removes every field named `name` (any case).
    public mutating func remove(_ name: String) {
        fields.removeAll { ASCII.equalsIgnoringCase($0.name, name) }
    }

    /// Replaces every field named `name` (any case) by one field with `value`.
    public mutating func replaceOrAppend(name: String, value: String) {
        remove(name)
        append(name: name, value: value)
    }

    /// Iterates over the fields in order.
    public func makeIterator() -> IndexingIterator<[Element]> {
        fields.makeIterator()
    }

    /// Whether `name` is a token (RFC 9110 §5.1), safe to write as a field name.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(ASCII.isTokenByte)
    }

    /// Whether `value` has no control characters and no leading or trailing
    /// whitespace, so it is safe to write as a field value (no response splitting).
    public static func isValidValue(_ value: String) -> Bool {
        let bytes = value.utf8
        if let first = bytes.first, let last = bytes.last,
           ASCII.isWhitespace(first) || ASCII.isWhitespace(last) {
            return false
        }
        return bytes.allSatisfy(ASCII.isFieldValueByte)
    }

    /// Equal when the same fields appear in the same order with the same spelling.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }
}
