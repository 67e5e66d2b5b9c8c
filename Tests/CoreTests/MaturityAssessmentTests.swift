import Foundation
import Testing
@testable import Core

/// The self-assessment's scoring rule on the shipped questions (the
/// expected levels are worked out by hand from the rule in
/// Policies/maturity.json, not from the code) and its refusals.
@Suite struct MaturityAssessmentTests {
    let assessment = try! MaturityAssessment.embedded()

    func answers(yes: Set<String>) -> [String: Bool] {
        Dictionary(uniqueKeysWithValues: assessment.questions.map { ($0.id, yes.contains($0.id)) })
    }

    func ids(_ level: Int) -> [String] { assessment.questions.filter { $0.level == level }.map { $0.id } }

    @Test func theShippedQuestionsCoverEveryLevel() {
        #expect(assessment.questions.count >= 20)
        #expect(assessment.version == "2026-11-30")
        // 6, 5, 6 and 5 questions for levels 2-5: yes needed 5, 4, 5, 4 (three quarters, rounded up).
        #expect([2, 3, 4, 5].map { ids($0).count } == [6, 5, 6, 5])
        #expect([2, 3, 4, 5].map { assessment.threshold.needed(of: ids($0).count) } == [5, 4, 5, 4])
        for question in assessment.questions { #expect(!question.en.isEmpty && !question.nl.isEmpty) }
    }

    @Test func levelsFollowTheRule() throws {
        #expect(try assessment.score(answers(yes: [])).level == 1)
        // Four of six at level 2 is not enough; five is.
        #expect(try assessment.score(answers(yes: Set(ids(2).prefix(4)))).level == 1)
        #expect(try assessment.score(answers(yes: Set(ids(2).prefix(5)))).level == 2)
        // Everything of levels 3-5 but too little of level 2: level 1 (levels are cumulative).
        #expect(try assessment.score(answers(yes: Set(Array(ids(2).prefix(4)) + ids(3) + ids(4) + ids(5)))).level == 1)
        #expect(try assessment.score(answers(yes: Set(ids(2) + Array(ids(3).prefix(4))))).level == 3)
        #expect(try assessment.score(answers(yes: Set(ids(2) + ids(3) + Array(ids(4).prefix(5))))).level == 4)
        let top = try assessment.score(answers(yes: Set(assessment.questions.map(\.id))))
        #expect(top.level == 5 && top.nextSteps.isEmpty)
    }

    @Test func theNextStepsAreTheNextLevelsMissingQuestions() throws {
        let result = try assessment.score(answers(yes: Set(ids(2) + ["l3-restore-test"])))
        #expect(result.level == 2)
        #expect(result.nextSteps.map(\.id) == ids(3).filter { $0 != "l3-restore-test" })
        #expect(result.nextNeeded == 4 && result.nextHas == 1)
        #expect(result.version == assessment.version)
    }

    @Test func unknownAndMissingAnswersAreRefused() {
        var all = answers(yes: [])
        all["l9-made-up"] = true
        #expect(throws: MaturityAssessment.Failure.unknownQuestion("l9-made-up")) { try assessment.score(all) }
        var partial = answers(yes: [])
        partial.removeValue(forKey: "l4-monitoring")
        #expect(throws: MaturityAssessment.Failure.unanswered(["l4-monitoring"])) { try assessment.score(partial) }
    }

    @Test func malformedFilesAreRefused() throws {
        let good = try JSONSerialization.jsonObject(with: Data(EmbeddedPolicies.text("maturity").utf8)) as! [String: Any]
        func refused(_ change: (inout [String: Any]) -> Void) -> Bool {
            var copy = good
            change(&copy)
            let data = try! JSONSerialization.data(withJSONObject: copy)
            return (try? MaturityAssessment.parse(data)) == nil
        }
        #expect(try MaturityAssessment.parse(try JSONSerialization.data(withJSONObject: good)) == assessment)
        #expect(refused { $0["format"] = "other/v1" })
        #expect(refused { $0["version"] = "Not Valid!" })
        #expect(refused { $0["threshold"] = ["numerator": 5, "denominator": 4] })
        #expect(refused { file in file["levels"] = Array((file["levels"] as! [Any]).dropLast()) })
        #expect(refused { file in
            var questions = file["questions"] as! [[String: Any]]
            questions[1]["id"] = questions[0]["id"]
            file["questions"] = questions
        })
        #expect(refused { file in
            var questions = file["questions"] as! [[String: Any]]
            questions[0]["level"] = 1
            file["questions"] = questions
        })
        #expect(refused { file in
            file["questions"] = (file["questions"] as! [[String: Any]]).filter { $0["level"] as? Int != 5 }
        })
    }
}
