import Foundation

/// Policies/sectors.json: the fixed lists an application chooses from
/// (sector, size, region), so that no free text enters the register.
public struct RegisterPolicy: Sendable, Equatable {
    public let sectors: [String]
    public let sizes: [String]
    public let regions: [String]

    private struct File: Decodable {
        let sectors: [String]
        let sizes: [String]
        let regions: [String]
    }

    public static func embedded() throws -> RegisterPolicy {
        let file = try JSONDecoder().decode(File.self, from: Data(EmbeddedPolicies.text("sectors").utf8))
        return RegisterPolicy(sectors: file.sectors, sizes: file.sizes, regions: file.regions)
    }
}
