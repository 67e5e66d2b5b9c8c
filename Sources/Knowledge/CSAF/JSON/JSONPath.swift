/// A location in a JSON document, written as an RFC 6901 JSON Pointer:
/// `/product_tree/branches/0/product/product_id`. Errors name it so an
/// expert finds the bad field in their advisory.
///
///     JSONPath.root.appending("document").appending("tracking").description   // "/document/tracking"
struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step: an object member or an array index.
    enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    private(set) var components: [Component] = []

    /// The whole document (written as the empty string by RFC 6901; we
    /// write "/" so a message never names an empty path).
    static let root = JSONPath()

    func appending(_ key: String) -> JSONPath {
        var copy = self
        copy.components.append(.key(key))
        return copy
    }

    func appending(_ index: Int) -> JSONPath {
        var copy = self
        copy.components.append(.index(index))
        return copy
    }

    var description: String {
        if components.isEmpty { return "/" }
        return components.map { component in
            switch component {
            case .index(let index):
                "/\(index)"
            case .key(let key):
                "/" + key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
            }
        }.joined()
    }
}
