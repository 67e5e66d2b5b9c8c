import Args
import Foundation
@testable import Commands

/// Runs `trustforum` in-process with captured output.
struct CLI {
    struct Result {
        let code: Int32
        let out: String
        let err: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) -> Result {
        var io = CommandIO.capturing(environment: environment)
        let code = ArgsRunner.run(TrustForumCommand.root, version: TrustForumVersion.current, arguments: arguments, io: &io)
        return Result(code: code, out: io.output.text, err: io.errorOutput.text)
    }
}

/// A temporary directory, removed when the value goes.
final class TemporaryDirectory {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("tf-cli-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}
