import Args
import Foundation
import Platform
import Store
#if canImport(Glibc)
import Glibc
#endif

/// `trustforum policy reload`: checks a running server's rule directory here
/// first, then asks the server (SIGHUP) to load it, and reports what the
/// server did, from its `policy-status.json`.
enum PolicyReloadCommand {
    /// How long to wait for the server's answer.
    static let timeoutSeconds = 5.0

    static let command = Command(
        name: "reload",
        abstract: "Check the moderation rules, make the running server load them, and report its answer.",
        discussion: """
            Reads the server's policy-status.json in the data directory (written by 'serve': its pid, the policy version in force and the directory it reads). Validates every *.rules file of that directory (or of --policy-dir, which must be the server's) on this machine first: each problem is printed as 'file:line: reason' and nothing is sent. Then sends SIGHUP to the server and waits up to 5 seconds for its answer: the new version in force, or the server's reasons for keeping the last good policy. Every version the server loads is in the audit log (policy.loaded).
            """,
        options: Settings.baseOptions + [Settings.byKey["policy_dir"]!.option],
        exitCodes: [
            (ExitCode.success, "The server has the directory's rules in force (printed: the version)."),
            (ExitCode.failure, "The rules are invalid (nothing sent), the server refused them and keeps its policy, no server runs on the data directory, or it did not answer in time."),
        ],
        run: { parsed, io in
            let settings = try Settings(parsed, environment: io.environment, declared: [Settings.byKey["policy_dir"]!])
            let directory = DataDirectory(settings.data)
            guard let before = PolicyStatus.read(directory), before.pid > 0, kill(before.pid, 0) == 0 else {
                throw CommandFailure("no running server recorded in \(directory.path) (serve writes policy-status.json there while it runs)")
            }
            guard !before.policy_dir.isEmpty else {
                throw CommandFailure("the server on \(directory.path) serves the rules compiled into its binary; start it with --policy-dir DIR (or policy_dir in its configuration) to reload rules from a directory")
            }
            let policyDir = settings.raw("policy_dir")?.value ?? before.policy_dir
            guard realPath(policyDir) == realPath(before.policy_dir) else {
                throw CommandFailure("the server reads \(before.policy_dir), not \(policyDir)")
            }
            let bundle: ModerationBundleVersion
            do throws(PolicyDirectory.Refused) {
                bundle = ModerationBundleVersion(version: try PolicyDirectory.bundle(policyDir).version)
            } catch {
                for problem in error.problems { io.printError(problem) }
                io.printError("Error: the rules in \(policyDir) are invalid; nothing was sent, the server keeps policy \(before.version).")
                return ExitCode.failure
            }
            guard kill(before.pid, SIGHUP) == 0 else { throw CommandFailure("cannot signal the server (pid \(before.pid)): \(SystemError.current("kill"))") }
            let deadline = Date().addingTimeInterval(timeoutSeconds)
            while Date() < deadline {
                if let after = PolicyStatus.read(directory), after.generation > before.generation {
                    guard after.result == "loaded" else {
                        for problem in after.problems { io.printError(problem) }
                        io.printError("Error: the server refused the rules and keeps policy \(after.version).")
                        return ExitCode.failure
                    }
                    if after.version != bundle.version {
                        io.printError("Warning: the server loaded \(after.version), not \(bundle.version) as checked here (the files changed meanwhile?).")
                    }
                    io.print(after.version == before.version
                             ? "Policy \(after.version) is in force (unchanged)."
                             : "Policy \(after.version) is in force (was \(before.version)).")
                    return ExitCode.success
                }
                usleep(20_000)
            }
            throw CommandFailure("the server (pid \(before.pid)) did not answer within \(Int(timeoutSeconds)) seconds; see its log")
        })

    /// The version this machine computed.
    struct ModerationBundleVersion { let version: String }

    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
