/// Finds the route for a method and a path: literal segments before
/// parameters, `HEAD` served by the `GET` route, 405 with `Allow` when the
/// path exists under other methods.
///
///     let router = try Router([Route(.get, "/healthz", operation: "health") { _ in … }])
///     switch router.match(.get, ["healthz"]) { case .found(let index, let params): … }
public struct Router: Sendable {
    public enum Match: Sendable, Equatable {
        case found(index: Int, parameters: [String: String])
        case methodNotAllowed(allow: [HTTPMethod])
        case notFound
    }

    public enum RouterError: Error, Equatable, CustomStringConvertible {
        case duplicate(String)
        case badPattern(String)

        public var description: String {
            switch self {
            case .duplicate(let p): "two routes for \(p)"
            case .badPattern(let p): "bad route pattern \(p)"
            }
        }
    }

    private final class Node: @unchecked Sendable {
        // @unchecked: built once in Router.init and never mutated after.
        var literals: [String: Node] = [:]
        var parameter: (name: String, node: Node)?
        var methods: [HTTPMethod: Int] = [:]
    }

    public let routes: [Route]
    private let root = Node()

    public init(_ routes: [Route]) throws(RouterError) {
        self.routes = routes
        for (index, route) in routes.enumerated() {
            guard route.pattern.hasPrefix("/") else { throw .badPattern(route.pattern) }
            var node = root
            for segment in route.segments {
                if segment.hasPrefix("{") {
                    guard segment.hasSuffix("}"), segment.count > 2 else { throw .badPattern(route.pattern) }
                    let name = String(segment.dropFirst().dropLast())
                    if let existing = node.parameter {
                        guard existing.name == name else { throw .badPattern(route.pattern) }
                        node = existing.node
                    } else {
                        let next = Node()
                        node.parameter = (name, next)
                        node = next
                    }
                } else {
                    if let next = node.literals[String(segment)] {
                        node = next
                    } else {
                        let next = Node()
                        node.literals[String(segment)] = next
                        node = next
                    }
                }
            }
            guard node.methods[route.method] == nil else { throw .duplicate("\(route.method.name) \(route.pattern)") }
            node.methods[route.method] = index
        }
    }

    /// Matches decoded path segments (`["v1", "threads", "abc"]`).
    public func match(_ method: HTTPMethod, _ segments: [String]) -> Match {
        var parameters: [String: String] = [:]
        guard let node = find(root, segments[...], &parameters) else { return .notFound }
        if let index = node.methods[method] { return .found(index: index, parameters: parameters) }
        if method == .head, let index = node.methods[.get] { return .found(index: index, parameters: parameters) }
        var allow = Set(node.methods.keys)
        if allow.contains(.get) { allow.insert(.head) }
        return .methodNotAllowed(allow: allow.sorted { $0.name < $1.name })
    }

    private func find(_ node: Node, _ segments: ArraySlice<String>, _ parameters: inout [String: String]) -> Node? {
        guard let first = segments.first else { return node.methods.isEmpty ? nil : node }
        let rest = segments.dropFirst()
        if let literal = node.literals[first], let found = find(literal, rest, &parameters) {
            return found
        }
        if let (name, next) = node.parameter, !first.isEmpty, let found = find(next, rest, &parameters) {
            parameters[name] = first
            return found
        }
        return nil
    }
}
