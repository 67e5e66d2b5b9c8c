import Core
import Foundation
import Testing
@testable import Knowledge

// Each OASIS example advisory imports; the expected values are written out
// below as read from the JSON files themselves, not derived from the importer.
@Suite struct ExampleAdvisoryTests {
    @Test func bsiAdvisory() throws {
        let draft = try CSAFImporter.draft(from: Fixture.data(Fixture.bsi))
        #expect(draft.title == "CVRF-CSAF-Converter: XML External Entities Vulnerability")
        #expect(draft.publisherName == "Bundesamt für Sicherheit in der Informationstechnik")
        #expect(draft.publisherNamespace == "https://www.bsi.bund.de")
        #expect(draft.trackingID == "BSI-2022-0001")
        #expect(draft.version.text == "1")
        #expect(draft.status == "final")
        #expect(abs(draft.currentReleaseDate.timeIntervalSince1970 - 1_647_522_222.105) < 0.0005)
        #expect(draft.cveIDs == ["CVE-2022-27193"])
        #expect(draft.affectedProducts == [
            "CSAF Tools CVRF-CSAF-Converter 1.0.0-alpha", "CSAF Tools CVRF-CSAF-Converter 1.0.0-dev1",
            "CSAF Tools CVRF-CSAF-Converter 1.0.0-dev2", "CSAF Tools CVRF-CSAF-Converter 1.0.0-dev3",
            "CSAF Tools CVRF-CSAF-Converter 1.0.0-rc1",
        ])
        #expect(draft.remediations == [AlertDraft.Remediation(
            category: "vendor_fix",
            details: "Update to the latest version of the product. At least version 1.0.0-rc2",
            productNames: draft.affectedProducts
        )])
        #expect(draft.score == AlertDraft.Score(
            baseScore: 6.1, severity: .medium, cvssVersion: "3.1",
            vectorString: "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:L/E:F/RL:O/RC:C"
        ))
        // No document notes: the vulnerability's description.
        #expect(draft.summary?.hasPrefix("CSAF Tools CVRF-CSAF-Converter 1.0.0-rc1 resolves XML External Entities (XXE).") == true)
        #expect(draft.label == .clear)  // TLP:WHITE
    }

    @Test func vexAdvisory() throws {
        let draft = try CSAFImporter.draft(from: Fixture.data(Fixture.vex))
        #expect(draft.title == "Example VEX Document Use Case 1 - Affected")
        #expect(draft.trackingID == "2022-EVD-UC-01-A-001")
        #expect(draft.version.text == "1")
        #expect(draft.currentReleaseDate == Date(timeIntervalSince1970: 1_646_305_200))
        #expect(draft.cveIDs == ["CVE-2021-44228"])
        #expect(draft.affectedProducts == ["Example Company DEF 1.0"])
        #expect(draft.remediations == [AlertDraft.Remediation(
            category: "vendor_fix",
            details: "Customers should update to version 1.1 of product DEF which fixes the issue.",
            productNames: ["Example Company DEF 1.0"]
        )])
        #expect(draft.score == nil)
        #expect(draft.summary == "Example Company VEX document. Unofficial content for demonstration purposes only.")
        #expect(draft.label == .green)  // no TLP label
    }

    @Test func ciscoAdvisory() throws {
        let draft = try CSAFImporter.draft(from: Fixture.data(Fixture.cisco))
        #expect(draft.title == "Cisco IOS and IOS XE Software Smart Install Remote Code Execution Vulnerability")
        #expect(draft.publisherName == "Cisco PSIRT")
        #expect(draft.trackingID == "cisco-sa-20180328-smi2")
        #expect(draft.version.text == "3.0.0")
        #expect(draft.currentReleaseDate == Date(timeIntervalSince1970: 1_523_977_721))
        #expect(draft.initialReleaseDate == Date(timeIntervalSince1970: 1_522_252_800))
        #expect(draft.cveIDs == ["CVE-2018-0171"])
        #expect(draft.affectedProducts.count == 259)
        #expect(draft.affectedProducts.first == "Cisco IOS 12.2EY 12.2(55)EY")
        #expect(draft.affectedProducts.last == "Cisco IOS XE Software 16.8 16.8.1s")
        #expect(draft.remediations.count == 1)
        #expect(draft.remediations.first?.category == "workaround")
        #expect(draft.remediations.first?.productNames.count == 259)
        #expect(draft.remediations.first?.details.hasPrefix("There are no workarounds that address this vulnerability for") == true)
        #expect(draft.score == AlertDraft.Score(
            baseScore: 9.8, severity: .critical, cvssVersion: "3.0",
            vectorString: "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
        ))
        #expect(draft.summary?.hasPrefix("A vulnerability in the Smart Install feature of Cisco IOS Software and Cisco IOS") == true)
        #expect(draft.label == .green)
    }

    @Test func redHatAdvisoryWithoutVulnerabilities() throws {
        let draft = try CSAFImporter.draft(from: Fixture.data(Fixture.redHat))
        #expect(draft.title == "Red Hat Security Advisory: Red Hat OpenShift Enterprise one-month end-of-life notice")
        #expect(draft.trackingID == "RHSA-2019:1862")
        #expect(draft.publisherNamespace == "https://www.redhat.com")
        #expect(draft.currentReleaseDate == Date(timeIntervalSince1970: 1_564_123_080))
        #expect(draft.cveIDs.isEmpty)
        #expect(draft.affectedProducts.isEmpty)
        #expect(draft.remediations.isEmpty)
        #expect(draft.score == nil)
        #expect(draft.summary?.hasPrefix("This is the one-month notification for the end of the maintenance phase") == true)
        #expect(draft.label == .clear)
    }

    @Test(arguments: [Fixture.vex, Fixture.bsi, Fixture.cisco, Fixture.redHat])
    func examplesPassTheMandatoryTests(name: String) throws {
        #expect(try CSAFImporter.mandatoryTestFailures(in: Fixture.data(name)).isEmpty)
    }
}
