import Core
import Foundation
import Testing
@testable import Knowledge

// CSAF uses TLP 1; alerts are TLP 2.0 CLEAR or GREEN, since they go to all members.
@Suite struct LabelTests {
    static let bsi = Fixture.json(Fixture.bsi)  // TLP:WHITE
    static let tlp: [Step] = ["document", "distribution", "tlp", "label"]

    func label(_ csaf: String?, override: TLPLabel? = nil) -> Result<TLPLabel, CSAFError> {
        let json = csaf.map { Self.bsi.setting(Self.tlp, .string($0)) } ?? Self.bsi.setting(["document", "distribution"], nil)
        do {
            return .success(try CSAFImporter.draft(from: json.data, label: override).label)
        } catch {
            return .failure(error)
        }
    }

    @Test func whiteIsClear() { #expect(label("WHITE") == .success(.clear)) }
    @Test func greenIsGreen() { #expect(label("GREEN") == .success(.green)) }
    @Test func noLabelIsGreen() { #expect(label(nil) == .success(.green)) }
    @Test func noLabelWithOverride() {
        #expect(label(nil, override: .clear) == .success(.clear))
        #expect(label(nil, override: .green) == .success(.green))
    }
    @Test func overrideMayNarrowButNotWiden() {
        #expect(label("WHITE", override: .green) == .success(.green))
        guard case .failure(.overrideNotAllowed(.clear, _)) = label("GREEN", override: .clear) else {
            Issue.record("GREEN advisory widened to CLEAR")
            return
        }
    }

    @Test func amberAndRedAreRefused() {
        #expect(label("AMBER") == .failure(.labelNotAllowed(csafLabel: "AMBER")))
        #expect(label("RED") == .failure(.labelNotAllowed(csafLabel: "RED")))
        #expect(label("RED", override: .green) == .failure(.labelNotAllowed(csafLabel: "RED")))
        #expect(CSAFError.labelNotAllowed(csafLabel: "AMBER").description.contains("alerts go to all members"))
    }

    @Test(arguments: [TLPLabel.amber, .amberStrict, .red])
    func amberAndRedOverridesAreRefused(override: TLPLabel) {
        for csaf in [nil, "WHITE", "GREEN"] {
            guard case .failure(.overrideNotAllowed(override, _)) = label(csaf, override: override) else {
                Issue.record("override \(override) accepted for \(csaf ?? "no label")")
                continue
            }
        }
    }
}
