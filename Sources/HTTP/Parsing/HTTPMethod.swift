/// The request methods this server implements (RFC 9110 §9).
///
/// Methods are case-sensitive: `get` is a well-formed but unknown method (501).
public enum HTTPMethod: Sendable, Hashable, CaseIterable {
    case get, head, post, put, delete, patch, options

    /// The method as written on the request line, e.g. `"GET"`.
    public var name: String {
        switch self {
        case .get: "GET"
        case .head: "HEAD"
        case .post: "POST"
        case .put: "PUT"
        case .delete: "DELETE"
        case .patch: "PATCH"
        case .options: "OPTIONS"
        }
    }

    /// The method named exactly `name` (case-sensitive), or nil.
    public init?(name: String) {
        guard let method = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = method
    }

    /// The method named by `buffer[start..<end]`, without creating a string.
    init?(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) {
        switch end - start {
        case 3:
            if ASCII.equals(buffer, start, end, "GET") { self = .get }
            else if ASCII.equals(buffer, start, end, "PUT") { self = .put }
            else { return nil }
        case 4:
            if ASCII.equals(buffer, start, end, "POST") { self = .post }
            else if ASCII.equals(buffer, start, end, "HEAD") { self = .head }
            else { return nil }
        case 5:
            guard ASCII.equals(buffer, start, end, "PATCH") else { return nil }
            self = .patch
        case 6:
            guard ASCII.equals(buffer, start, end, "DELETE") else { return nil }
            self = .delete
        case 7:
            guard ASCII.equals(buffer, start, end, "OPTIONS") else { return nil }
            self = .options
        default:
            return nil
        }
    }
}
