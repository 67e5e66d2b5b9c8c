import Foundation
import Testing
@testable import Knowledge

// CSAF 2.0 §3.1.11: integer versioning or semantic versioning 2.0.0.
@Suite struct VersionTests {
    func v(_ text: String) -> CSAFVersion { CSAFVersion(text)! }

    @Test func integerVersions() {
        #expect(v("2") > v("1"))
        #expect(v("10") > v("9"))
        #expect(v("0") < v("1"))
        #expect(v("123456789012345678901234567890") > v("99999999999999999999"))
        #expect(v("3").compare(to: v("3")) == .same)
    }

    @Test func semanticVersions() {
        #expect(v("1.0.1") > v("1.0.0"))
        #expect(v("1.10.0") > v("1.9.0"))
        #expect(v("2.0.0") > v("1.99.99"))
        // Semver §11: 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta
        //  < 1.0.0-beta.2 < 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0.
        let ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                       "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"].map(v)
        for (earlier, later) in zip(ordered, ordered.dropFirst()) {
            #expect(later > earlier, "\(later) > \(earlier)")
            #expect(earlier < later)
        }
        #expect(v("1.0.0+build.1").compare(to: v("1.0.0+build.2")) == .same)  // build metadata ignored
    }

    @Test func schemesDoNotCompare() {
        #expect(v("1").compare(to: v("1.0.0")) == nil)
        #expect(!(v("2") > v("1.0.0")))
    }

    @Test(arguments: ["", "01", "1.0", "1.0.0.0", "1.01.0", "v1", "1.0.0-", "1.0.0-01", "1.0.0+", "1.0.0-a..b", "-1", " 1"])
    func invalidVersions(text: String) {
        #expect(CSAFVersion(text) == nil)
    }

    @Test func reimport() throws {
        let cisco = Fixture.json(Fixture.cisco)
        let stored = try CSAFImporter.draft(from: cisco.data)  // 3.0.0
        func offered(_ version: String, id: String = "cisco-sa-20180328-smi2") throws -> AlertDraft {
            try CSAFImporter.draft(from: cisco.setting(["document", "tracking", "version"], .string(version))
                .setting(["document", "tracking", "id"], .string(id)).data)
        }
        #expect(try offered("3.1.0").reimport(over: stored) == .update)
        #expect(try offered("3.1.0").isNewer(than: stored))
        #expect(try offered("3.0.0").reimport(over: stored) == .notNewer(stored: v("3.0.0"), offered: v("3.0.0")))
        #expect(try offered("3.0.0+rebuild").reimport(over: stored) == .notNewer(stored: v("3.0.0"), offered: v("3.0.0+rebuild")))
        #expect(try offered("2.0.0").reimport(over: stored) == .notNewer(stored: v("3.0.0"), offered: v("2.0.0")))
        #expect(try !offered("2.0.0").isNewer(than: stored))
        #expect(try offered("4").reimport(over: stored) == .incomparableVersions(stored: v("3.0.0"), offered: v("4")))
        #expect(try offered("3.1.0", id: "cisco-sa-other").reimport(over: stored) == .differentAdvisory)
    }
}
