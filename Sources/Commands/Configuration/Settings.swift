import Args
import Platform

/// The service's settings, each settable by a flag, an environment variable
/// or the configuration file, in that order of precedence, else a default.
///
/// | key | flag | environment |
/// | --- | --- | --- |
/// | `listen` | `--listen` | `TRUSTFORUM_LISTEN` |
///
/// and so on for every entry of `Settings.all`.
struct Setting: Sendable {
    enum Kind: Sendable { case text, integer, seconds, boolean, list }

    let key: String
    let kind: Kind
    let valueName: String
    let help: String
    /// The default as shown to people; nil when there is none or it is computed.
    let shownDefault: String?
    /// Never printed (`config` shows `<redacted>`).
    let secret: Bool

    var flag: String { key.replacingOccurrences(of: "_", with: "-") }
    var environmentVariable: String { "TRUSTFORUM_" + key.uppercased() }

    init(_ key: String, _ kind: Kind, valueName: String = "value", help: String, default shownDefault: String? = nil, secret: Bool = false) {
        self.key = key
        self.kind = kind
        self.valueName = valueName
        self.help = help
        self.shownDefault = shownDefault
        self.secret = secret
    }

    /// The command-line option for this setting (booleans are flags with a
    /// `--no-` inversion; their environment variable is read by `Settings`).
    var option: Option {
        let shown = shownDefault.map { " (default: \($0))" } ?? ""
        switch kind {
        case .boolean:
            return .flag(flag, help: help + shown + " (env: \(environmentVariable))", inversion: true, default: shownDefault == "true")
        case .list:
            return .value(flag, valueName: valueName, help: help + shown, env: environmentVariable, repeatable: true, secret: secret)
        default:
            return .value(flag, valueName: valueName, help: help + shown, env: environmentVariable, secret: secret)
        }
    }
}

extension String {
    func replacingOccurrences(of target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}

/// Where an effective value came from.
enum SettingSource: Equatable, CustomStringConvertible {
    case commandLine
    case environment
    case configFile(path: String, line: Int)
    case defaultValue

    var description: String {
        switch self {
        case .commandLine: "command line"
        case .environment: "environment"
        case .configFile(let path, let line): "\(path):\(line)"
        case .defaultValue: "default"
        }
    }
}

/// The settings of one run, resolved.
struct Settings {
    static let all: [Setting] = [
        Setting("listen", .text, valueName: "host:port", help: "Address to listen on.", default: "127.0.0.1:8080"),
        Setting("public_url", .text, valueName: "url",
                help: "The public base URL clients use (the protocol's server_origin).", default: "http://127.0.0.1:8080"),
        Setting("event_loops", .integer, valueName: "n", help: "Event loop threads.", default: "one per core"),
        Setting("workers", .integer, valueName: "n", help: "Request handler threads.", default: "16"),
        Setting("worker_queue", .integer, valueName: "n", help: "Requests that may wait for a handler before 503.", default: "1024"),
        Setting("max_connections", .integer, valueName: "n", help: "Open connections before new ones get 503.", default: "4096"),
        Setting("header_timeout", .seconds, valueName: "seconds", help: "Time for a request head to arrive.", default: "10"),
        Setting("body_timeout", .seconds, valueName: "seconds", help: "Time for a request body to arrive.", default: "30"),
        Setting("idle_timeout", .seconds, valueName: "seconds", help: "Keep-alive time between requests.", default: "60"),
        Setting("shutdown_grace", .seconds, valueName: "seconds", help: "Time in-flight requests get on shutdown.", default: "10"),
        Setting("readers", .integer, valueName: "n", help: "SQLite reader connections.", default: "4"),
        Setting("trusted_proxies", .list, valueName: "address",
                help: "A proxy (address or CIDR block) whose X-Forwarded-For is believed; repeat or comma-separate.", default: "none"),
        Setting("auto_migrate", .boolean, help: "Apply pending migrations when the server starts.", default: "true"),
        Setting("log_level", .text, valueName: "level", help: "debug, info, warning or error.", default: "info"),
        Setting("post_quota", .integer, valueName: "n", help: "Posts a member may send per minute.", default: "600"),
        Setting("thread_quota", .integer, valueName: "n", help: "Threads a member may start per hour.", default: "30"),
        Setting("epoch_quota", .integer, valueName: "n", help: "Key epochs a member may create per hour.", default: "60"),
        Setting("audit_key", .text, valueName: "file", help: "The audit chain's key file.", default: "<data>/keys/audit.key"),
        Setting("signing_key", .text, valueName: "file", help: "The server's signing key file (audit checkpoints).",
                default: "<data>/keys/server-signing.key"),
        Setting("policy_dir", .text, valueName: "dir",
                help: "A directory of moderation *.rules files, re-read on SIGHUP ('trustforum policy reload').",
                default: "the rules compiled in"),
        Setting("enable_test_routes", .boolean, help: "Serve the test-only routes (never in production).", default: "false"),
    ]

    static let byKey = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })

    /// Options every command that reads settings declares: `--data`, `--config`.
    static let baseOptions: [Option] = [
        .value("data", short: "d", valueName: "dir", help: "The data directory.", env: "TRUSTFORUM_DATA"),
        .value("config", valueName: "file", help: "A configuration file (default: <data>/trustforum.conf when it exists).",
               env: "TRUSTFORUM_CONFIG"),
    ]

    /// The data directory.
    let data: String
    let configFile: ConfigFile?
    private(set) var values: [String: (value: String, source: SettingSource)] = [:]

    /// Resolves every setting the command declares: flag, environment, file, default.
    init(_ parsed: ParsedArguments, environment: [String: String], declared: [Setting] = Settings.all) throws {
        let explicitConfig = parsed.value("config")
        var dataDir = parsed.value("data")
        var file: ConfigFile?
        if let explicitConfig {
            file = try ConfigFile.load(explicitConfig, known: Set(Settings.all.map(\.key) + ["data"]))
        }
        if dataDir == nil, let fromFile = file?.entries["data"]?.value { dataDir = fromFile }
        guard let dataDir, !dataDir.isEmpty else {
            throw UsageError("Missing expected argument '--data <dir>' (or set TRUSTFORUM_DATA)")
        }
        if file == nil {
            let implicit = Files.join(dataDir, "trustforum.conf")
            if Files.exists(implicit) {
                file = try ConfigFile.load(implicit, known: Set(Settings.all.map(\.key) + ["data"]))
            }
        }
        data = dataDir
        configFile = file
        for setting in declared {
            if let resolved = try Settings.resolve(setting, parsed, environment, file) {
                values[setting.key] = resolved
            }
        }
    }

    private static func resolve(_ setting: Setting, _ parsed: ParsedArguments, _ environment: [String: String],
                                _ file: ConfigFile?) throws -> (String, SettingSource)? {
        switch setting.kind {
        case .boolean:
            if parsed.source(setting.flag) == .commandLine { return (parsed.flag(setting.flag) ? "true" : "false", .commandLine) }
            if let env = environment[setting.environmentVariable], !env.isEmpty { return (env, .environment) }
        case .list:
            switch parsed.source(setting.flag) {
            case .commandLine: return (parsed.values(setting.flag).joined(separator: ","), .commandLine)
            case .environment: return (parsed.values(setting.flag).joined(separator: ","), .environment)
            default: break
            }
        default:
            switch parsed.source(setting.flag) {
            case .commandLine: return (parsed.value(setting.flag)!, .commandLine)
            case .environment: return (parsed.value(setting.flag)!, .environment)
            default: break
            }
        }
        if let entry = file?.entries[setting.key] { return (entry.value, .configFile(path: file!.path, line: entry.line)) }
        return nil
    }

    /// The raw value and its source, or nil when only the default applies.
    func raw(_ key: String) -> (value: String, source: SettingSource)? { values[key] }

    func text(_ key: String, default fallback: String) -> String {
        values[key]?.value ?? fallback
    }

    func integer(_ key: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let (value, source) = values[key] else { return fallback }
        guard let n = Int(value), range.contains(n) else {
            throw UsageError("\(Settings.label(key, source)) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    /// Seconds as nanoseconds; fractions allowed ("0.5").
    func seconds(_ key: String, default fallback: Double) throws -> UInt64 {
        guard let (value, source) = values[key] else { return UInt64(fallback * 1e9) }
        guard let s = Double(value), s > 0, s <= 86_400 else {
            throw UsageError("\(Settings.label(key, source)) must be a number of seconds above 0 and at most 86400")
        }
        return UInt64(s * 1e9)
    }

    func boolean(_ key: String, default fallback: Bool) throws -> Bool {
        guard let (value, source) = values[key] else { return fallback }
        switch value.lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: throw UsageError("\(Settings.label(key, source)) must be true or false")
        }
    }

    func list(_ key: String) -> [String] {
        guard let (value, _) = values[key] else { return [] }
        return value.split(separator: ",").map { String($0.trimmingWhitespace()) }.filter { !$0.isEmpty }
    }

    /// How to name a setting in an error: where its bad value came from.
    static func label(_ key: String, _ source: SettingSource) -> String {
        let setting = byKey[key]!
        switch source {
        case .commandLine: return "--\(setting.flag)"
        case .environment: return setting.environmentVariable
        case .configFile(let path, let line): return "\(key) (\(path):\(line))"
        case .defaultValue: return key
        }
    }
}
