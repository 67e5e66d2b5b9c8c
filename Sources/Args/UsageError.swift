/// A usage mistake found by a `run` closure, such as "--listen must be HOST:PORT".
///
/// ``ArgsRunner`` prints it exactly like a parse error (`Error: …`, the usage
/// line, the pointer to `--help`) and exits 64. Never put a secret value in
/// the message.
///
/// ```swift
/// guard listen.contains(":") else { throw UsageError("--listen must be HOST:PORT") }
/// ```
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message, without the `Error: ` prefix.
    public let message: String

    /// A usage error with the given message.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
