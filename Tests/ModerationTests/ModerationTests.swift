import Testing
@testable import Moderation

@Suite struct ModerationModuleTests {
    @Test func namesItsRuleFormat() {
        #expect(Moderation.ruleFormat == "trustforum-rules/v1")
    }
}
