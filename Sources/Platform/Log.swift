#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Structured log lines (logfmt) on standard error.
///
/// Events are fixed names (`request.failed`), fields are ids, codes and
/// numbers. By the project's rule no field ever holds a secret, a bound SQL
/// argument, a name, an e-mail address, free text or a query string: callers
/// pass what they have vetted, and values are escaped so that nothing a
/// client sent can forge a line.
///
///     logger.info("server.started", ["listen": "127.0.0.1:8080"])
public struct Logger: Sendable {
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case debug = 0, info, warning, error

        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

        public var name: String {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .warning: "warning"
            case .error: "error"
            }
        }

        public init?(name: String) {
            guard let level = Level.allCases.first(where: { $0.name == name }) else { return nil }
            self = level
        }
    }

    public let minimum: Level
    private let sink: LogSink

    public init(minimum: Level = .info, sink: LogSink = .standardError) {
        self.minimum = minimum
        self.sink = sink
    }

    /// A logger that drops everything.
    public static let silent = Logger(minimum: .error, sink: LogSink { _ in })

    public func debug(_ event: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.debug, event, fields) }
    public func info(_ event: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.info, event, fields) }
    public func warning(_ event: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.warning, event, fields) }
    public func error(_ event: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.error, event, fields) }

    public func log(_ level: Level, _ event: String, _ fields: KeyValuePairs<String, String>) {
        guard level >= minimum else { return }
        var line = "ts=" + Logger.timestamp() + " level=" + level.name + " event=" + Logger.escape(event)
        for (key, value) in fields {
            line += " " + key + "=" + Logger.escape(value)
        }
        line += "\n"
        sink.write(line)
    }

    /// Quotes a value when it holds anything but plain characters, escaping
    /// quotes, backslashes and control characters.
    static func escape(_ value: String) -> String {
        var plain = !value.isEmpty
        for byte in value.utf8 where byte <= 0x20 || byte == 0x22 || byte == 0x3d || byte == 0x5c || byte >= 0x7f {
            plain = false
            break
        }
        if plain { return value }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// UTC time as `2026-11-29T19:45:10.123Z`.
    static func timestamp() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var seconds = ts.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ n: Int32, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(ts.tv_nsec / 1_000_000), 3))Z"
    }
}

/// Where log lines go: standard error by default, a buffer in tests.
public struct LogSink: Sendable {
    let write: @Sendable (String) -> Void

    public init(_ write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    private static let stderrLock = Mutex(())

    /// Whole lines to standard error, one writer at a time.
    public static let standardError = LogSink { line in
        stderrLock.withLock { _ in
            var bytes = Array(line.utf8)
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress! + offset, $0.count - offset) }
                if n <= 0 { if n < 0 && errno == EINTR { continue }; break }
                offset += n
            }
        }
    }
}
