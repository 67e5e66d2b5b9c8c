import Crypto
import Foundation
import Platform
import Testing
@testable import Client

@Suite struct ProfileTests {
    @Test func resolveOrder() throws {
        let all = ["TRUSTFORUM_HOME": "/tf-home", "XDG_CONFIG_HOME": "/xdg", "HOME": "/home/me"]
        #expect(try Profile.resolve(explicit: "/explicit", environment: all) == "/explicit")
        #expect(try Profile.resolve(explicit: nil, environment: all) == "/tf-home")
        var env = all
        env["TRUSTFORUM_HOME"] = nil
        #expect(try Profile.resolve(explicit: nil, environment: env) == "/xdg/trustforum")
        env["XDG_CONFIG_HOME"] = nil
        #expect(try Profile.resolve(explicit: nil, environment: env) == "/home/me/.config/trustforum")
        // Empty values count as unset; a relative XDG_CONFIG_HOME is ignored (XDG spec).
        #expect(try Profile.resolve(explicit: "", environment: ["TRUSTFORUM_HOME": "", "XDG_CONFIG_HOME": "", "HOME": "/h"]) == "/h/.config/trustforum")
        #expect(try Profile.resolve(explicit: nil, environment: ["XDG_CONFIG_HOME": "relative/dir", "HOME": "/h/"]) == "/h/.config/trustforum")
        #expect(try Profile.resolve(explicit: nil, environment: ["XDG_CONFIG_HOME": "/x/"]) == "/x/trustforum")
        // Without HOME, the password database's home.
        #expect(try Profile.resolve(explicit: nil, environment: [:]).hasSuffix("/.config/trustforum"))
    }

    @Test func missingDirectoryOrFileIsAnEmptyProfile() throws {
        try withTemporaryDirectory { dir in
            let missing = try Profile.load(dir + "/nothing-here")
            #expect(missing == Profile(directory: dir + "/nothing-here"))
            #expect(!Files.exists(dir + "/nothing-here"))
            let empty = try Profile.load(dir)
            #expect(empty.serverURL == nil && empty.session == nil && empty.logHead == nil)
            #expect(empty.keystorePath == dir + "/keystore")
            #expect(empty.path == dir + "/profile.json")
        }
    }

    @Test func saveAndLoadRoundTripWithPrivateModes() throws {
        try withTemporaryDirectory { dir in
            let home = dir + "/config/trustforum"
            var profile = Profile(directory: home)
            profile.serverURL = "https://forum.example.org"
            profile.communityID = KeystoreFixture.communityID
            profile.rootFingerprint = "ecfe3564 f97aeb21 e22e3017 53601a7b 21599cfb"
            profile.logHead = .init(seq: 41, hash: Array(0..<32))
            profile.session = .init(token: "bearer-secret-token", expiresAt: 1_767_225_600)
            try profile.save()
            #expect(Files.mode(home) == 0o700)
            #expect(Files.mode(profile.path) == 0o600)
            #expect(try Profile.load(home) == profile)

            let json = try JSONSerialization.jsonObject(with: Data(Files.read(profile.path))) as! [String: Any]
            #expect(json["version"] as? Int == 1)
            #expect(json["server_url"] as? String == "https://forum.example.org")
            #expect((json["log_head"] as? [String: Any])?["hash_b64"] as? String == Base64.encode(Array(0..<32)))
            #expect((json["session"] as? [String: Any])?["token"] as? String == "bearer-secret-token")

            // Clearing fields and saving again replaces the file.
            profile.session = nil
            try profile.save()
            #expect(try Profile.load(home).session == nil)
            #expect(!String(describing: Profile.Session(token: "bearer-secret-token", expiresAt: 1)).contains("bearer-secret"))
        }
    }

    @Test func malformedFilesAreRefusedNamingThePath() throws {
        let cases: [(String, String)] = [
            ("{not json", "not valid JSON"),
            ("[]", "wrong type"),
            (#"{"server_url": "x"}"#, "missing version"),
            (#"{"version": "1"}"#, "wrong type for version"),
            (#"{"version": 1, "log_head": {"seq": 1, "hash_b64": "AAAA"}}"#, "log_head.hash_b64"),
            (#"{"version": 1, "log_head": {"seq": "1", "hash_b64": "AAAA"}}"#, "wrong type for log_head.seq"),
            (#"{"version": 1, "log_head": {"seq": -1, "hash_b64": "AAAA"}}"#, "not valid JSON"), // Foundation refuses -1 for a UInt64 as invalid JSON
            (#"{"version": 1, "session": {"token": "t"}}"#, "missing session.expires_at"),
            (#"{"version": 1, "community_id": "NOT-A-UUID"}"#, "community_id"),
            (#"{"version": 0}"#, "version 0"),
        ]
        try withTemporaryDirectory { dir in
            let path = dir + "/profile.json"
            for (text, reason) in cases {
                Files.remove(path)
                try writeFile(path, text)
                let error = #expect(throws: ProfileError.self) { try Profile.load(dir) }
                guard case let .malformed(errorPath, errorReason) = error else {
                    Issue.record("\(text): \(String(describing: error))")
                    continue
                }
                #expect(errorPath == path)
                #expect(errorReason.contains(reason), "\(text): \(errorReason)")
                #expect(error!.description.contains(path))
            }
            Files.remove(path)
            try writeFile(path, #"{"version": 2}"#)
            #expect(throws: ProfileError.unsupportedVersion(path: path, version: 2)) { try Profile.load(dir) }
        }
    }

    @Test func openModesAreRefusedWithTheFix() throws {
        try withTemporaryDirectory { dir in
            let home = dir + "/tf"
            try Profile(directory: home).save()
            let path = home + "/profile.json"
            chmod(path, 0o644)
            #expect(throws: ProfileError.insecureMode(path: path, mode: 0o644, fix: "chmod 600 \(path)")) { try Profile.load(home) }
            chmod(path, 0o600)
            chmod(home, 0o755)
            let error = #expect(throws: ProfileError.self) { try Profile.load(home) }
            #expect(error == .insecureMode(path: home, mode: 0o755, fix: "chmod 700 \(home)"))
            #expect(error?.description.contains("chmod 700 \(home)") == true)
            #expect(throws: ProfileError.self) { try Profile(directory: home).save() }
            chmod(home, 0o700)
            _ = try Profile.load(home)
            // A file where the directory should be.
            try writeFile(dir + "/file", "x")
            #expect(throws: ProfileError.self) { try Profile.load(dir + "/file") }
        }
    }
}
