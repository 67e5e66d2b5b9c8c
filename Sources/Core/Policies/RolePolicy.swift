import Foundation

/// Policies/roles.json: who may call which operation, who may certify and
/// who may sanction whom. One value, loaded once, consulted in one place.
///
///     let policy = try RolePolicy.embedded()
///     policy.allows(.certified(.moderator), "applicationApprove")   // true
///     policy.mayCertify(issuer: .moderator, subject: .admin)         // false
public struct RolePolicy: Sendable, Equatable {
    public let version: Int
    /// Operation (the route's operationId) → the principals allowed to call it.
    public let permissions: [String: Set<Principal>]
    /// Issuer role → the roles it may certify.
    public let certify: [Role: Set<Role>]
    /// Actor role → the roles it may suspend, reinstate or remove.
    public let sanction: [Role: Set<Role>]
    /// The file's bytes, served verbatim by `GET /v1/policies/roles`.
    public let source: String

    public struct PolicyError: Error, Equatable, CustomStringConvertible {
        public let reason: String
        public var description: String { "Policies/roles.json: \(reason)" }
    }

    private struct File: Decodable {
        let version: Int
        let principals: [String]
        let roles: [String]
        let groups: [String: [String]]
        let certify: [String: [String]]
        let sanction: [String: [String]]
        let permissions: [String: [String]]
    }

    /// The policy compiled into this binary.
    public static func embedded() throws(PolicyError) -> RolePolicy {
        try parse(EmbeddedPolicies.text("roles"))
    }

    /// Parses and checks a policy: every name must be a known principal,
    /// role or group; nothing is silently dropped.
    public static func parse(_ text: String) throws(PolicyError) -> RolePolicy {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: Data(text.utf8))
        } catch {
            throw PolicyError(reason: "not the expected JSON shape")
        }
        // JSONDecoder keeps the first of a repeated key, other decoders (and
        // clients reading the served file) the last: refuse it instead.
        if let key = repeatedKey(in: text) { throw PolicyError(reason: "key '\(key)' appears twice in one object") }
        if let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] {
            let known: Set<String> = ["version", "description", "principals", "roles", "groups", "certify", "sanction", "permissions"]
            if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
                throw PolicyError(reason: "unknown key '\(unknown)'")
            }
        }
        guard file.principals.count == Set(file.principals).count, file.roles.count == Set(file.roles).count else {
            throw PolicyError(reason: "principals and roles must not repeat a name")
        }
        guard Set(file.principals) == Set(Principal.all.map(\.name)) else {
            throw PolicyError(reason: "principals must be exactly \(Principal.all.map(\.name))")
        }
        guard Set(file.roles) == Set(Role.allCases.map(\.rawValue)) else {
            throw PolicyError(reason: "roles must be exactly \(Role.allCases.map(\.rawValue))")
        }
        var groups: [String: Set<Principal>] = [:]
        for (name, members) in file.groups {
            guard Principal(name: name) == nil else { throw PolicyError(reason: "group '\(name)' shadows a principal") }
            guard !members.isEmpty else { throw PolicyError(reason: "group '\(name)' is empty") }
            var set = Set<Principal>()
            for member in members {
                guard let principal = Principal(name: member) else { throw PolicyError(reason: "group '\(name)': unknown principal '\(member)'") }
                set.insert(principal)
            }
            groups[name] = set
        }
        var permissions: [String: Set<Principal>] = [:]
        for (operation, names) in file.permissions {
            guard !names.isEmpty else { throw PolicyError(reason: "'\(operation)' allows nobody; remove the route instead") }
            var set = Set<Principal>()
            for name in names {
                if let principal = Principal(name: name) {
                    set.insert(principal)
                } else if let group = groups[name] {
                    set.formUnion(group)
                } else {
                    throw PolicyError(reason: "'\(operation)': unknown principal or group '\(name)'")
                }
            }
            permissions[operation] = set
        }
        func roleMap(_ raw: [String: [String]], _ what: String) throws(PolicyError) -> [Role: Set<Role>] {
            var map: [Role: Set<Role>] = [:]
            for (actor, subjects) in raw {
                guard let actorRole = Role(rawValue: actor) else { throw PolicyError(reason: "\(what): unknown role '\(actor)'") }
                var set = Set<Role>()
                for subject in subjects {
                    guard let role = Role(rawValue: subject) else { throw PolicyError(reason: "\(what): unknown role '\(subject)'") }
                    set.insert(role)
                }
                map[actorRole] = set
            }
            return map
        }
        return RolePolicy(version: file.version, permissions: permissions,
                          certify: try roleMap(file.certify, "certify"), sanction: try roleMap(file.sanction, "sanction"),
                          source: text)
    }

    /// True when `principal` may call `operation`. Unknown operations allow nobody.
    public func allows(_ principal: Principal, _ operation: String) -> Bool {
        permissions[operation]?.contains(principal) ?? false
    }

    /// True when a holder of `issuer` may issue a certificate with role `subject`.
    public func mayCertify(issuer: Role, subject: Role) -> Bool {
        certify[issuer]?.contains(subject) ?? false
    }

    /// True when a holder of `actor` may suspend, reinstate or remove a holder of `subject`.
    public func maySanction(actor: Role, subject: Role) -> Bool {
        sanction[actor]?.contains(subject) ?? false
    }
}

extension RolePolicy {
    /// The first key that occurs twice in one object of `text`, which has
    /// already parsed as JSON (so strings and brackets are well formed).
    static func repeatedKey(in text: String) -> String? {
        let bytes = Array(text.utf8)
        // One frame per open object or array: its keys so far, and whether
        // the next string is a key (after `{` or `,` in an object).
        var open: [(isObject: Bool, keys: Set<String>, expectsKey: Bool)] = []
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "{"): open.append((true, [], true))
            case UInt8(ascii: "["): open.append((false, [], false))
            case UInt8(ascii: "}"), UInt8(ascii: "]"): open.removeLast()
            case UInt8(ascii: ","): if open.last?.isObject == true { open[open.count - 1].expectsKey = true }
            case UInt8(ascii: "\""):
                let start = i
                i += 1
                while bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
                guard let frame = open.last, frame.isObject, frame.expectsKey else { break }
                let token = Data(bytes[start...i])
                let key = (try? JSONDecoder().decode(String.self, from: token)) ?? String(decoding: token, as: UTF8.self)
                guard open[open.count - 1].keys.insert(key).inserted else { return key }
                open[open.count - 1].expectsKey = false
            default: break
            }
            i += 1
        }
        return nil
    }
}
