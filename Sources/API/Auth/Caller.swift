import Core

/// Who made a request, as the one authorization step established it.
public struct Caller: Sendable {
    public let principal: Principal
    /// The member (or applicant) id, nil when anonymous.
    public let memberID: String?
    /// The organisation of a certified member.
    public let orgID: String?
    /// The hash of the bearer token used (for logout).
    let tokenHash: [UInt8]?

    static let anonymous = Caller(principal: .anonymous, memberID: nil, orgID: nil, tokenHash: nil)

    /// The member id of a signed-in caller (the policy has already required one).
    func requireMember() throws -> String {
        guard let memberID else { throw APIProblem.unauthenticated() }
        return memberID
    }

    /// A vetted member (certified, any role): not anonymous, not an applicant.
    /// TLP:GREEN content is for these.
    var isMember: Bool {
        if case .certified = principal { return true }
        return false
    }

    var isStaff: Bool {
        principal == .certified(.moderator) || principal == .certified(.admin)
    }
}
