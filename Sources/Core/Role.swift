/// The role a certificate grants (PROTOCOL.md §1: `member`, `org_admin`,
/// `expert`, `moderator`, `admin`).
public enum Role: String, Sendable, CaseIterable, Codable, Comparable {
    case member
    case orgAdmin = "org_admin"
    case expert
    case moderator
    case admin

    public static func < (a: Role, b: Role) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Who is calling: nobody signed in, an applicant (signed in, not yet
/// certified), or a certified member with a role.
public enum Principal: Sendable, Hashable, CustomStringConvertible {
    case anonymous
    case applicant
    case certified(Role)

    /// The names used in Policies/roles.json.
    public var name: String {
        switch self {
        case .anonymous: "anonymous"
        case .applicant: "applicant"
        case .certified(let role): role.rawValue
        }
    }

    public init?(name: String) {
        switch name {
        case "anonymous": self = .anonymous
        case "applicant": self = .applicant
        default:
            guard let role = Role(rawValue: name) else { return nil }
            self = .certified(role)
        }
    }

    public static let all: [Principal] = [.anonymous, .applicant] + Role.allCases.map { .certified($0) }

    public var description: String { name }
}
