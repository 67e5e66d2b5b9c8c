#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command writes its text: a standard stream or a buffer for tests.
public enum TextSink: Sendable, Equatable {
    /// The process's standard output, through the same buffered stream as `print`.
    case standardOutput
    /// The process's standard error, unbuffered.
    case standardError
    /// Text collected in memory.
    case buffer(String)

    /// The collected text of a buffer; empty for a stream.
    public var text: String {
        if case .buffer(let text) = self { return text }
        return ""
    }

    /// Appends `text` to the buffer or writes it to the stream.
    public mutating func write(_ text: String) {
        switch self {
        case .buffer(var collected):
            self = .buffer("")  // Drops the enum's reference so the append below does not copy.
            collected += text
            self = .buffer(collected)
        case .standardOutput:
            Swift.print(text, terminator: "")
        case .standardError:
            Self.writeAll(text, to: 2)
        }
    }

    /// write(2) until done, retrying EINTR; other errors drop the text, since
    /// there is nowhere left to report them.
    private static func writeAll(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if written > 0 {
                bytes = bytes.dropFirst(written)
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}

/// write(2), named apart from ``TextSink/write(_:)``.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

/// The standard streams and environment of one run, injectable for tests.
///
/// Commands write through it rather than calling `print`, so that tests see
/// every line:
///
/// ```swift
/// var io = CommandIO.capturing(environment: ["TRUSTFORUM_DATA": "/tmp/x"])
/// let code = ArgsRunner.run(root, version: "1.0", arguments: ["audit", "verify"], io: &io)
/// #expect(code == 0 && io.output.text == "verified /tmp/x\n")
/// ```
public struct CommandIO: Sendable {
    /// The environment, read for options declared with `env:`.
    public var environment: [String: String]
    /// Standard output: help, `--version`, a command's results.
    public var output: TextSink
    /// Standard error: `Error: …` messages and diagnostics.
    public var errorOutput: TextSink

    /// IO with the given environment and sinks.
    public init(environment: [String: String], output: TextSink, errorOutput: TextSink) {
        self.environment = environment
        self.output = output
        self.errorOutput = errorOutput
    }

    /// The real process: its environment, standard output and standard error.
    public static func process() -> CommandIO {
        CommandIO(environment: processEnvironment(), output: .standardOutput, errorOutput: .standardError)
    }

    /// Empty buffers and the given environment, for tests.
    public static func capturing(environment: [String: String] = [:]) -> CommandIO {
        CommandIO(environment: environment, output: .buffer(""), errorOutput: .buffer(""))
    }

    /// Writes `text` and `terminator` to standard output.
    public mutating func print(_ text: String, terminator: String = "\n") {
        output.write(text + terminator)
    }

    /// Writes `text` and `terminator` to standard error.
    public mutating func printError(_ text: String, terminator: String = "\n") {
        errorOutput.write(text + terminator)
    }

    private static func processEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }
}
