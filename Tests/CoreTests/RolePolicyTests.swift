import Foundation
import Testing
@testable import Core

// Policies/roles.json as RolePolicy reads it: the embedded file parses, its
// cells say what the file says, and a policy with any unknown or empty name
// is refused with a message that names it.
@Suite struct RolePolicyTests {
    let policy = try! RolePolicy.embedded()

    /// The embedded roles.json as a mutable JSON object.
    static func file() -> [String: Any] {
        try! JSONSerialization.jsonObject(with: Data(EmbeddedPolicies.text("roles").utf8)) as! [String: Any]
    }

    /// Parses `json`, expecting a refusal whose reason contains every one of `words`.
    func expectRefused(_ json: [String: Any], mentioning words: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let text = String(decoding: try! JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]), as: UTF8.self)
        let error = #expect(throws: RolePolicy.PolicyError.self, sourceLocation: sourceLocation) { try RolePolicy.parse(text) }
        for word in words {
            #expect(error?.reason.contains(word) == true, "\(String(describing: error)) should mention \(word)", sourceLocation: sourceLocation)
        }
        #expect(error?.description.hasPrefix("Policies/roles.json: ") == true, sourceLocation: sourceLocation)
    }

    /// `json` with `section[key]` set to `value`.
    func with(_ section: String, _ key: String, _ value: Any?) -> [String: Any] {
        var json = Self.file()
        var inner = json[section] as! [String: Any]
        inner[key] = value
        json[section] = inner
        return json
    }

    @Test func theEmbeddedPolicyParses() throws {
        #expect(policy.version == 1)
        #expect(policy.source == EmbeddedPolicies.text("roles"))
        #expect(!policy.permissions.isEmpty)
        #expect(try RolePolicy.parse(policy.source) == policy)
        // A re-serialised copy (other key order and spacing) means the same.
        let text = String(decoding: try JSONSerialization.data(withJSONObject: Self.file(), options: [.sortedKeys]), as: UTF8.self)
        let reparsed = try RolePolicy.parse(text)
        #expect(reparsed.permissions == policy.permissions && reparsed.certify == policy.certify && reparsed.sanction == policy.sanction)
    }

    @Test func groupsExpand() {
        let members: Set<Principal> = Set(Role.allCases.map { .certified($0) })
        #expect(policy.permissions["health"] == Set(Principal.all))
        #expect(policy.permissions["communityLog"] == members)
        #expect(policy.permissions["me"] == members.union([.applicant]))
        #expect(policy.permissions["memberKeys"] == members)
        #expect(policy.permissions["applicationList"] == [.certified(.moderator), .certified(.admin)])
        // A principal next to a group.
        #expect(policy.permissions["applicationShow"] == [.applicant, .certified(.moderator), .certified(.admin)])
        #expect(policy.permissions["memberErase"] == [.certified(.admin)])
    }

    @Test(arguments: [
        (Principal.anonymous, "health", true), (.anonymous, "communityLog", false), (.anonymous, "applicationSubmit", true),
        (.applicant, "me", true), (.applicant, "applicationShow", true), (.applicant, "applicationList", false),
        (.certified(.member), "applicationShow", false), (.certified(.member), "memberKeys", true), (.certified(.member), "memberCertify", false),
        (.certified(.orgAdmin), "orgInvite", true), (.certified(.admin), "orgInvite", false), (.certified(.moderator), "orgMembers", false),
        (.certified(.expert), "applicationApprove", false), (.certified(.moderator), "applicationApprove", true),
        (.certified(.moderator), "memberSuspend", true), (.certified(.moderator), "memberErase", false), (.certified(.admin), "memberErase", true),
        (.certified(.admin), "noSuchOperation", false), (.anonymous, "", false),
    ])
    func allows(_ principal: Principal, _ operation: String, _ expected: Bool) {
        #expect(policy.allows(principal, operation) == expected)
    }

    @Test(arguments: Role.allCases, Role.allCases)
    func mayCertifyAsTheFileSays(_ issuer: Role, _ subject: Role) {
        let expected: [Role: Set<Role>] = [.moderator: [.member, .orgAdmin], .admin: Set(Role.allCases)]
        #expect(policy.mayCertify(issuer: issuer, subject: subject) == (expected[issuer]?.contains(subject) ?? false))
    }

    @Test(arguments: Role.allCases, Role.allCases)
    func maySanctionAsTheFileSays(_ actor: Role, _ subject: Role) {
        let expected: [Role: Set<Role>] = [.moderator: [.member, .orgAdmin, .expert], .admin: Set(Role.allCases)]
        #expect(policy.maySanction(actor: actor, subject: subject) == (expected[actor]?.contains(subject) ?? false))
    }

    // MARK: - Refusals

    @Test func principalsAndRolesMustBeExactlyTheKnownOnes() {
        var json = Self.file()
        json["principals"] = (json["principals"] as! [String]).filter { $0 != "applicant" }
        expectRefused(json, mentioning: ["principals"])
        json = Self.file()
        json["principals"] = (json["principals"] as! [String]) + ["guest"]
        expectRefused(json, mentioning: ["principals"])
        json = Self.file()
        json["roles"] = (json["roles"] as! [String]) + ["superuser"]
        expectRefused(json, mentioning: ["roles"])
        json = Self.file()
        json["roles"] = (json["roles"] as! [String]).filter { $0 != "expert" }
        expectRefused(json, mentioning: ["roles"])
        json = Self.file()
        json["roles"] = (json["roles"] as! [String]) + ["applicant"]
        expectRefused(json, mentioning: ["roles"])
    }

    @Test func groups() {
        expectRefused(with("groups", "staff", ["moderator", "guest"]), mentioning: ["staff", "guest"])
        // Groups do not nest.
        expectRefused(with("groups", "all_staff", ["staff", "admin"]), mentioning: ["all_staff", "staff"])
        expectRefused(with("groups", "admin", ["admin"]), mentioning: ["admin", "shadows"])
        expectRefused(with("groups", "anonymous", ["member"]), mentioning: ["anonymous", "shadows"])
    }

    @Test func permissions() {
        expectRefused(with("permissions", "health", ["everybody"]), mentioning: ["health", "everybody"])
        expectRefused(with("permissions", "memberErase", ["admin", "root"]), mentioning: ["memberErase", "root"])
        expectRefused(with("permissions", "memberErase", ["Admin"]), mentioning: ["memberErase", "Admin"])
        expectRefused(with("permissions", "newRoute", []), mentioning: ["newRoute", "nobody"])
    }

    @Test func certifyAndSanction() {
        for section in ["certify", "sanction"] {
            expectRefused(with(section, "superuser", ["member"]), mentioning: [section, "superuser"])
            expectRefused(with(section, "applicant", ["member"]), mentioning: [section, "applicant"])
            expectRefused(with(section, "moderator", ["member", "guest"]), mentioning: [section, "guest"])
            expectRefused(with(section, "admin", ["staff"]), mentioning: [section, "staff"])
            expectRefused(with(section, "admin", ["anonymous"]), mentioning: [section, "anonymous"])
        }
    }

    @Test func theShapeIsChecked() {
        for missing in ["version", "principals", "roles", "groups", "certify", "sanction", "permissions"] {
            var json = Self.file()
            json[missing] = nil
            expectRefused(json, mentioning: ["JSON shape"])
        }
        var json = Self.file()
        json["permissions"] = ["health": "everyone"]
        expectRefused(json, mentioning: ["JSON shape"])
        #expect(throws: RolePolicy.PolicyError.self) { try RolePolicy.parse("") }
        #expect(throws: RolePolicy.PolicyError.self) { try RolePolicy.parse("[]") }
    }

    /// JSON decoders differ on a repeated key (Foundation's JSONDecoder keeps
    /// the first, JSONSerialization and Python the last), and the file is
    /// served to clients verbatim: a repeated key is refused, never resolved.
    @Test func aRepeatedKeyIsRefused() {
        let text = EmbeddedPolicies.text("roles")
        let cases = [
            text.replacingOccurrences(of: #""memberErase": ["admin"],"#, with: #""memberErase": ["admin"], "memberErase": ["everyone"],"#),
            text.replacingOccurrences(of: #""staff": ["moderator", "admin"]"#, with: #""staff": ["moderator", "admin"], "staff": ["admin"]"#),
            text.replacingOccurrences(of: #""moderator": ["member", "org_admin"],"#, with: #""moderator": ["member", "org_admin"], "moderator": ["admin"],"#),
            text.replacingOccurrences(of: #""version": 1,"#, with: #""version": 1, "version": 2,"#),
        ]
        for changed in cases {
            #expect(changed != text)
            let error = #expect(throws: RolePolicy.PolicyError.self) { try RolePolicy.parse(changed) }
            #expect(error?.reason.contains("twice") == true, "\(String(describing: error))")
        }
        // The same key in different objects is fine (the file has "admin" in several).
        #expect((try? RolePolicy.parse(text)) != nil)
    }

    @Test(arguments: [
        (#"{"a": 1, "b": {"a": 2}}"#, nil), (#"{"a": 1, "a": 2}"#, "a"), (#"[{"a": 1}, {"a": 1}]"#, nil),
        (#"{"a": "x,\"a\": {", "b": 1}"#, nil), (#"{"\u0061": 1, "a": 2}"#, "a"), (#"{"a": [1, {"b": 1, "b": 2}]}"#, "b"),
        (#"{"x": ["a", "a"], "y": "x"}"#, nil), (#"{"a\\": 1, "a": 2}"#, nil), (#"{"": 1, "": 2}"#, ""),
    ] as [(String, String?)])
    func repeatedKeyScanner(_ json: String, _ expected: String?) throws {
        _ = try JSONSerialization.jsonObject(with: Data(json.utf8)) // the scanner's precondition: valid JSON
        #expect(RolePolicy.repeatedKey(in: json) == expected)
    }

    // MARK: - The file itself

    /// Every key of the "permissions" object, as written (a JSON decoder would fold repeats).
    static func operationIDsAsWritten(_ text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.contains(#""permissions": {"#) }) else { return [] }
        var ids: [String] = []
        for line in lines[(start + 1)...] {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("}") { break }
            guard trimmed.hasPrefix("\""), let end = trimmed.dropFirst().firstIndex(of: "\"") else { continue }
            ids.append(String(trimmed[trimmed.index(after: trimmed.startIndex)..<end]))
        }
        return ids
    }

    @Test func everyOperationIDIsUniqueAndNonEmpty() {
        let ids = Self.operationIDsAsWritten(EmbeddedPolicies.text("roles"))
        #expect(ids.count == policy.permissions.count, "every permissions line should be one operation")
        #expect(Set(ids).count == ids.count, "repeated: \(Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted())")
        #expect(ids.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber } }, "\(ids)")
        #expect(policy.permissions.values.allSatisfy { !$0.isEmpty })
    }

    @Test func principalsAndRoleNamesRoundTrip() {
        for principal in Principal.all {
            #expect(Principal(name: principal.name) == principal)
            #expect(principal.description == principal.name)
        }
        #expect(Principal(name: "org_admin") == .certified(.orgAdmin))
        #expect(Principal(name: "orgAdmin") == nil)
        #expect(Principal.all.count == 7)
        #expect(Role.allCases.sorted() == [.member, .orgAdmin, .expert, .moderator, .admin])
    }
}

@Suite struct RolePolicyStrictnessTests {
    static func policy(_ mutate: (inout [String: Any]) -> Void) -> String {
        var object = try! JSONSerialization.jsonObject(with: Data(EmbeddedPolicies.text("roles").utf8)) as! [String: Any]
        mutate(&object)
        return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test func unknownKeysEmptyGroupsAndRepeatedNamesAreRefused() {
        #expect(throws: RolePolicy.PolicyError.self) { try RolePolicy.parse(Self.policy { $0["permisions"] = [:] }) }
        #expect(throws: RolePolicy.PolicyError.self) {
            try RolePolicy.parse(Self.policy { o in var g = o["groups"] as! [String: Any]; g["nobody"] = [String](); o["groups"] = g })
        }
        #expect(throws: RolePolicy.PolicyError.self) {
            try RolePolicy.parse(Self.policy { o in o["roles"] = (o["roles"] as! [String]) + ["admin"] })
        }
        #expect(throws: Never.self) { try RolePolicy.parse(Self.policy { _ in }) }
    }
}
