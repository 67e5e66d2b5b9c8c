import Foundation
import Testing
@testable import Core

// The policy files compiled in (Generated/EmbeddedPolicies+All.swift, written
// by Ops/embed) must be Policies/*.json byte for byte.
@Suite struct EmbeddedPoliciesTests {
    /// The repository's Policies/ directory, found from this file's path.
    static var policiesDirectory: URL {
        URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Policies", directoryHint: .isDirectory)
    }

    static func filesOnDisk() throws -> [String: Data] {
        let names = try FileManager.default.contentsOfDirectory(atPath: policiesDirectory.path(percentEncoded: false))
        var files: [String: Data] = [:]
        for name in names where name.hasSuffix(".json") {
            files[String(name.dropLast(5))] = try Data(contentsOf: policiesDirectory.appending(path: name))
        }
        return files
    }

    @Test func theEmbeddedFilesArePoliciesJSONByteForByte() throws {
        let disk = try Self.filesOnDisk()
        #expect(!disk.isEmpty, "no Policies/*.json under \(Self.policiesDirectory.path(percentEncoded: false))")
        #expect(Set(EmbeddedPolicies.files.keys) == Set(disk.keys),
                "Policies/*.json and the embedded files differ in names; run Ops/embed")
        for (name, data) in disk {
            #expect(EmbeddedPolicies.files[name].map { Data($0.utf8) } == data,
                    "Policies/\(name).json differs from its embedded copy; run Ops/embed")
        }
    }

    @Test func textReturnsTheFile() throws {
        #expect(EmbeddedPolicies.text("roles") == EmbeddedPolicies.files["roles"])
        #expect(EmbeddedPolicies.text("sectors") == EmbeddedPolicies.files["sectors"])
    }

    @Test func theRegisterListsParse() throws {
        let register = try RegisterPolicy.embedded()
        for list in [register.sectors, register.sizes, register.regions] {
            #expect(!list.isEmpty)
            #expect(Set(list).count == list.count, "\(list)")
            #expect(list.allSatisfy { !$0.isEmpty })
        }
    }
}
