#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: the operation's name and its `errno`.
///
/// The message never carries arguments (paths are the caller's to add where
/// they are not secret).
public struct SystemError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The name of the call that failed, e.g. `"accept4"`.
    public let operation: String
    /// The `errno` value.
    public let code: Int32

    public init(_ operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    /// `errno` as it is now, for the call just made.
    public static func current(_ operation: String) -> SystemError {
        SystemError(operation, code: errno)
    }

    public var description: String {
        "\(operation): \(String(cString: strerror(code))) (errno \(code))"
    }
}

/// The outcome of a non-blocking call: a value, or "try again when ready".
public enum IOResult<Value>: Sendable where Value: Sendable {
    case done(Value)
    case wouldBlock
}

/// The one helper every raw system call goes through: retries `EINTR`,
/// returns `EAGAIN`/`EWOULDBLOCK` as `.wouldBlock`, treats `EBADF` and
/// `EFAULT` as programmer errors, and throws a `SystemError` otherwise.
@inline(__always)
public func syscall<T: FixedWidthInteger & Sendable>(_ operation: String, _ body: () -> T) throws(SystemError) -> IOResult<T> {
    while true {
        let result = body()
        if result >= 0 { return .done(result) }
        let code = errno
        switch code {
        case EINTR:
            continue
        case EAGAIN, EWOULDBLOCK:
            return .wouldBlock
        case EBADF, EFAULT:
            preconditionFailure("\(operation): \(String(cString: strerror(code))): a programmer error")
        default:
            throw SystemError(operation, code: code)
        }
    }
}

/// Like `syscall` for calls that never return would-block.
@inline(__always)
@discardableResult
public func syscallBlocking<T: FixedWidthInteger & Sendable>(_ operation: String, _ body: () -> T) throws(SystemError) -> T {
    switch try syscall(operation, body) {
    case .done(let value): return value
    case .wouldBlock: throw SystemError(operation, code: EAGAIN)
    }
}
