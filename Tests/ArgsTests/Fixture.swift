import Args

/// A small `trustforum` tree used across the tests. Each leaf prints what it
/// parsed as `name=value` lines, so tests read the parse from standard output.
enum Fixture {
    static let version = "1.4.2"

    static let verify = Command(
        name: "verify", abstract: "Verify the audit log's hash chain.",
        discussion: "Recomputes every row's keyed hash and compares it with the stored chain and, when given, with a signed checkpoint exported earlier.",
        options: [
            .value("data", short: "d", valueName: "DIR", help: "The data directory.",
                   env: "TRUSTFORUM_DATA", required: true),
            .value("checkpoint", valueName: "file", help: "A signed checkpoint to check the chain against."),
        ],
        exitCodes: [(3, "The chain is broken or does not match the checkpoint.")]
    ) { parsed, io in
        io.print("data=\(parsed.value("data") ?? "-") source=\(parsed.source("data"))")
        io.print("checkpoint=\(parsed.value("checkpoint") ?? "-") source=\(parsed.source("checkpoint"))")
        io.print("path=\(parsed.commandPath.joined(separator: " "))")
        return 0
    }

    static let audit = Command(
        name: "audit", abstract: "Check and export the audit log.", subcommands: [verify])

    static let serve = Command(
        name: "serve", abstract: "Run the HTTP service.",
        options: [
            .value("data", short: "d", valueName: "dir", help: "The data directory.",
                   env: "TRUSTFORUM_DATA", required: true),
            .value("listen", valueName: "host:port", help: "The address to listen on.",
                   env: "TRUSTFORUM_LISTEN", default: "127.0.0.1:8080"),
            .flag("auto-migrate", help: "Apply pending migrations before serving.", inversion: true, default: true),
            .value("admin-token", valueName: "token", help: "The operator's bearer token.",
                   env: "TRUSTFORUM_ADMIN_TOKEN", default: "hunter2-default", secret: true),
        ]
    ) { parsed, io in
        let listen = parsed.value("listen")!
        guard listen.contains(":") else { throw UsageError("--listen must be HOST:PORT") }
        if listen.hasSuffix(":0") { throw Failure(description: "cannot bind \(listen)") }
        io.print("listen=\(listen) source=\(parsed.source("listen"))")
        io.print("auto-migrate=\(parsed.flag("auto-migrate")) source=\(parsed.source("auto-migrate"))")
        io.print("token-source=\(parsed.source("admin-token"))")
        return listen.hasSuffix(":9") ? 9 : 0
    }

    static let threadsNew = Command(
        name: "new", abstract: "Start an encrypted thread.",
        arguments: [
            .required("title", help: "The thread's title, encrypted before it leaves the client."),
            .optional("body", help: "The first post; read from standard input when left out."),
            .variadic("files", help: "Files to attach."),
        ],
        options: [
            .value("label", valueName: "tlp", help: "The TLP 2.0 label, such as TLP:AMBER.", required: true),
            .value("to", valueName: "member", help: "A member or organisation to add to the thread's keyring.", repeatable: true),
            .value("topic", help: "A topic from the fixed list.", default: "general"),
            .flag("ask-experts", short: "e", help: "Invite the NCSC/DTC experts."),
            .value("passphrase", help: "The keystore passphrase.", env: "TRUSTFORUM_PASSPHRASE", secret: true),
        ]
    ) { parsed, io in
        io.print("label=\(parsed.value("label")!)")
        io.print("to=\(parsed.values("to"))")
        io.print("topic=\(parsed.value("topic")!) source=\(parsed.source("topic"))")
        io.print("ask-experts=\(parsed.flag("ask-experts"))")
        io.print("title=\(parsed.argument("title")!)")
        io.print("body=\(parsed.argument("body") ?? "-") source=\(parsed.source("body"))")
        io.print("files=\(parsed.arguments("files"))")
        return 0
    }

    static let threads = Command(
        name: "threads", abstract: "Read and start end-to-end encrypted threads.", subcommands: [threadsNew])

    static let root = Command(
        name: "trustforum",
        abstract: "A closed forum where vetted businesses ask confidential cybersecurity questions.",
        subcommands: [serve, audit, threads])

    /// Runs `arguments` against `root` with captured output.
    static func run(_ arguments: [String], environment: [String: String] = [:],
                    root: Command = root) -> (code: Int32, out: String, err: String) {
        var io = CommandIO.capturing(environment: environment)
        let code = ArgsRunner.run(root, version: version, arguments: arguments, io: &io)
        return (code, io.output.text, io.errorOutput.text)
    }
}

/// An error whose description is its text, as a command's would be.
struct Failure: Error, CustomStringConvertible {
    var description: String
}
