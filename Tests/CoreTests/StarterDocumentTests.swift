import Foundation
import Testing
@testable import Core

/// The starter content (Policies/starter/): compiled in byte for byte, every
/// document parses, both languages of both documents are there, and the
/// step plan carries the facts DESIGN.md gives (72 hours to the Autoriteit
/// Persoonsgegevens under GDPR art. 33, 24 hours to the CSIRT under NIS2,
/// the police), written out here, not derived from the code.
@Suite struct StarterDocumentTests {
    static var directory: URL { EmbeddedPoliciesTests.policiesDirectory.appending(path: "starter", directoryHint: .isDirectory) }

    @Test func theEmbeddedFilesArePoliciesStarterByteForByte() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path(percentEncoded: false)).filter { $0.hasSuffix(".md") }.sorted()
        #expect(EmbeddedStarter.files.map(\.name) == names)
        for (name, text) in EmbeddedStarter.files {
            #expect(Data(text.utf8) == (try Data(contentsOf: Self.directory.appending(path: name))), "\(name): run Ops/embed")
        }
    }

    @Test func bothDocumentsInBothLanguagesCarryTheFacts() throws {
        let documents = try StarterDocument.embedded()
        #expect(Set(documents.map { "\($0.kind)/\($0.language)" }) == ["essential/en", "essential/nl", "step-plan/en", "step-plan/nl"])
        #expect(documents.allSatisfy { $0.label == .clear })
        let plan = try #require(documents.first { $0.kind == "step-plan" && $0.language == "en" })
        for fact in ["72 hours", "GDPR art. 33", "24 hours", "NIS2", "Cyberbeveiligingswet", "police", "Autoriteit Persoonsgegevens",
                     "Contain", "Preserve evidence", "Digital Trust Center", "NCSC"] {
            #expect(plan.body.contains(fact), "the English step plan lacks \(fact)")
        }
        let plan_nl = try #require(documents.first { $0.kind == "step-plan" && $0.language == "nl" })
        for fact in ["72 uur", "AVG art. 33", "24 uur", "NIS2", "Cyberbeveiligingswet", "politie", "Autoriteit Persoonsgegevens",
                     "Indammen", "Bewijs veiligstellen"] {
            #expect(plan_nl.body.contains(fact), "the Dutch step plan lacks \(fact)")
        }
    }

    @Test func malformedDocumentsAreRefusedNamingTheProblem() {
        let good = "kind: essential\ntitle: T\nlabel: TLP:CLEAR\nlevel: 2\ntopics: awareness\nlanguage: en\n---\nBody."
        #expect((try? StarterDocument.parse(good, name: "x.en.md"))?.title == "T")
        let cases: [(String, String)] = [
            (good.replacingOccurrences(of: "---\n", with: ""), "no '---'"),
            (good.replacingOccurrences(of: "TLP:CLEAR", with: "TLP:AMBER"), "label"),
            (good.replacingOccurrences(of: "level: 2", with: "level: 7"), "level"),
            (good.replacingOccurrences(of: "kind: essential", with: "kind: advert"), "kind"),
            (good.replacingOccurrences(of: "language: en", with: "language: de"), "language"),
            (good.replacingOccurrences(of: "Body.", with: ""), "body"),
            ("colour: red\n" + good, "unknown field colour"),
            ("title: X\n" + good, "title is given twice"),
        ]
        for (text, reason) in cases {
            do {
                _ = try StarterDocument.parse(text, name: "x.en.md")
                Issue.record("accepted: \(reason)")
            } catch {
                #expect(error.description.contains(reason), "\(error.description) should name \(reason)")
            }
        }
    }
}
