import Foundation
import Testing
@testable import Commands

@Suite struct ConfigurationTests {
    /// The value and source columns of `key`'s row in `config`'s output.
    func row(_ output: String, _ key: String) -> (value: String, source: String)? {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix(key + " ") }) else { return nil }
        let columns = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard columns.count >= 2 else { return nil }
        let source = line.hasSuffix(")") ? String(line[line.lastIndex(of: "(")!...].dropFirst().dropLast()) : ""
        return (columns[1], source)
    }

    @Test func flagBeatsEnvironmentBeatsFileBeatsDefault() throws {
        let directory = TemporaryDirectory()
        let file = directory.file("tf.conf")
        try "# comment\nworkers = 5\nreaders = 3\nidle_timeout = 7\n".write(toFile: file, atomically: true, encoding: .utf8)
        let result = CLI.run(["config", "--data", directory.path, "--config", file, "--workers", "9"],
                             environment: ["TRUSTFORUM_WORKERS": "7", "TRUSTFORUM_READERS": "2"])
        #expect(result.code == 0, "\(result.err)")
        #expect(row(result.out, "workers")! == ("9", "command line"))
        #expect(row(result.out, "readers")! == ("2", "environment"))
        #expect(row(result.out, "idle_timeout")! == ("7", "\(file):4"))
        #expect(row(result.out, "max_connections")! == ("4096", "default"))
    }

    @Test func fileInTheDataDirectoryIsReadByDefault() throws {
        let directory = TemporaryDirectory()
        try "listen = 127.0.0.1:9999\n".write(toFile: directory.file("trustforum.conf"), atomically: true, encoding: .utf8)
        let result = CLI.run(["config", "--data", directory.path])
        #expect(row(result.out, "listen")! == ("127.0.0.1:9999", "\(directory.file("trustforum.conf")):1"))
    }

    @Test func booleansFromEveryLayer() throws {
        let directory = TemporaryDirectory()
        #expect(row(CLI.run(["config", "--data", directory.path, "--no-auto-migrate"]).out, "auto_migrate")! == ("false", "command line"))
        #expect(row(CLI.run(["config", "--data", directory.path], environment: ["TRUSTFORUM_AUTO_MIGRATE": "false"]).out,
                    "auto_migrate")! == ("false", "environment"))
        #expect(row(CLI.run(["config", "--data", directory.path]).out, "auto_migrate")! == ("true", "default"))
        let bad = CLI.run(["config", "--data", directory.path], environment: ["TRUSTFORUM_AUTO_MIGRATE": "maybe"])
        #expect(bad.code == 64)
        #expect(bad.err.hasPrefix("Error: TRUSTFORUM_AUTO_MIGRATE must be true or false\n"))
    }

    @Test func badFileLinesNameTheFileAndLine() throws {
        let directory = TemporaryDirectory()
        let file = directory.file("tf.conf")
        let cases: [(String, String)] = [
            ("workers = 4\nwrokers = 5\n", "\(file):2: unknown key 'wrokers'"),
            ("listen\n", "\(file):1: expected 'key = value'"),
            ("workers = 1\nworkers = 2\n", "\(file):2: 'workers' is set twice (first on line 1)"),
            ("log_level = \"info\n", "\(file):1: unterminated or embedded quote in the value of 'log_level'"),
        ]
        for (text, message) in cases {
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let result = CLI.run(["config", "--data", directory.path, "--config", file])
            #expect(result.code == 1)
            #expect(result.err == "Error: \(message)\n")
        }
    }

    @Test func badValuesAreUsageErrorsNamingTheirSource() throws {
        let directory = TemporaryDirectory()
        let file = directory.file("tf.conf")
        try "workers = lots\n".write(toFile: file, atomically: true, encoding: .utf8)
        let fromFile = CLI.run(["config", "--data", directory.path, "--config", file])
        #expect(fromFile.code == 64)
        #expect(fromFile.err.hasPrefix("Error: workers (\(file):1) must be a whole number from 1 to 1024\n"))
        let listen = CLI.run(["config", "--data", directory.path, "--listen", "localhost"])
        #expect(listen.code == 64)
        #expect(listen.err.hasPrefix("Error: --listen must be HOST:PORT"))
        let proxies = CLI.run(["config", "--data", directory.path, "--trusted-proxies", "10.0.0.0/8,nonsense"])
        #expect(proxies.err.hasPrefix("Error: trusted_proxies: 'nonsense' is not an IP address or CIDR block\n"))
    }

    @Test(arguments: [
        ("https://Forum.Example.org/", "https://forum.example.org"),
        ("https://forum.example.org:443", "https://forum.example.org"),
        ("http://forum.example.org:80", "http://forum.example.org"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("https://[::1]:8443", "https://[::1]:8443"),
    ])
    func publicURLBecomesTheServerOrigin(_ input: String, _ origin: String) {
        #expect(ServiceOptions.origin(of: input) == origin)
    }

    @Test(arguments: ["ftp://x", "https://x/path", "https://user@x", "https://x?q", "https://x:0", "https://x:99999", "https://", "x"])
    func publicURLRefusesNonOrigins(_ input: String) {
        #expect(ServiceOptions.origin(of: input) == nil)
    }
}
