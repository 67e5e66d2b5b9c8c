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

import Crypto
import Core
import Protocol
import Platform

/// A root made in-process (what `keys init-root` does, without a keystore).
struct TestRoot {
    let signingKey: SigningSecretKey
    let boxKey: BoxSecretKey
    let file: RootCertificateFile
    let path: String

    var communityID: String { file.communityID }
    var memberID: String { file.certificate.certificate.memberID }

    init(in directory: TemporaryDirectory) throws {
        signingKey = SigningSecretKey()
        boxKey = BoxSecretKey()
        file = RootCertificateFile.make(communityID: Identifier.uuid(fromRandom: Random.bytes(16)),
                                        memberID: Identifier.uuid(fromRandom: Random.bytes(16)),
                                        orgID: Identifier.uuid(fromRandom: Random.bytes(16)),
                                        key: signingKey, boxKey: boxKey.publicKey, issuedAt: WallClock.seconds - 60, validity: 10 * 366 * 86_400)
        path = directory.file("root-\(UUID().uuidString).json")
        try Files.createExclusive(path, Array(file.json.utf8), mode: 0o644)
    }
}

extension CLI {
    /// `init --data DIR --root-cert …` with a fresh root.
    static func initialise(_ data: String, in directory: TemporaryDirectory) throws -> Result {
        let root = try TestRoot(in: directory)
        return run(["init", "--data", data, "--root-cert", root.path])
    }
}
