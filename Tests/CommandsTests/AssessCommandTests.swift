import Core
import Foundation
import Testing
@testable import Commands

/// `trustforum assess` against a live server: scored here, only the level
/// and version recorded; the history is the organisation's.
@Suite struct AssessCommandTests {
    @Test func theLevelIsScoredHereAndOnlyItIsRecorded() throws {
        let c = try ThreadCommunity()
        let alice = try c.member("alice")
        let assessment = try MaturityAssessment.embedded()
        // Everything of levels 2 and 3, nothing above: level 3.
        var answers: [String: Bool] = [:]
        for question in assessment.questions { answers[question.id] = question.level <= 3 }
        let file = try c.body(String(decoding: try JSONEncoder().encode(answers), as: UTF8.self))

        let dry = alice.run(["assess", "--answers", file, "--dry-run"])
        #expect(dry.code == 0, "\(dry.err)")
        #expect(dry.out.hasPrefix("Level 3: Reactive."), "\(dry.out)")
        #expect(dry.out.contains("To reach level 4 (Proactive), answer yes to 5 of these (now 0):"))
        #expect(dry.out.contains("Nothing recorded (--dry-run)."))
        #expect(alice.run(["assess", "--history"]).out == "No level recorded yet.\n")

        let done = alice.run(["assess", "--answers", file, "--json"])
        #expect(done.code == 0, "\(done.err)")
        #expect(done.out.contains("\"level\" : 3") && done.out.contains("\"recorded\" : true"), "\(done.out)")
        let history = alice.run(["assess", "--history"])
        #expect(history.out.contains("3      \(assessment.version)"), "\(history.out)")
        // The answers never reach the server: the store has the level and version only.
        let stored = try c.live.database.read { conn in
            try conn.query("SELECT level, questions_version FROM maturity_levels").map { "\(try $0.int64(at: 0)) \(try $0.string(at: 1))" }
        }
        #expect(stored == ["3 \(assessment.version)"])

        // Bad answer files are usage errors; a missing answer is refused.
        #expect(alice.run(["assess", "--answers", try c.body("{\"l2-updates\": 1}")]).code == 64)
        #expect(alice.run(["assess", "--answers", try c.body("[true]")]).code == 64)
        let partial = alice.run(["assess", "--answers", try c.body("{\"l2-updates\": true}")])
        #expect(partial.code != 0 && partial.err.contains("unanswered"), "\(partial.err)")
        // Without a terminal and without --answers nothing is asked.
        #expect(alice.run(["assess"]).code == 64)
    }

    @Test func aLevelThreeBestPracticeIsRecommendedToALevelTwoOrganisation() throws {
        let c = try ThreadCommunity()
        let author = try c.member("author")
        let bob = try c.member("bob")
        let published = author.run(["publications", "new", "--label", "TLP:GREEN", "--level", "3", "--topic", "backup-recovery",
                                    "--title", "Test your restores every quarter", "--body-file", try c.body("Restore one backup every quarter.")])
        #expect(published.code == 0, "\(published.err)")
        let other = author.run(["publications", "new", "--label", "TLP:CLEAR", "--level", "4", "--topic", "backup-recovery",
                                "--title", "Monitor backup jobs", "--body-file", try c.body("Alert when a backup job fails.")])
        #expect(other.code == 0, "\(other.err)")
        let assessment = try MaturityAssessment.embedded()
        var answers: [String: Bool] = [:]
        for question in assessment.questions { answers[question.id] = question.level == 2 }
        let file = try c.body(String(decoding: try JSONEncoder().encode(answers), as: UTF8.self))
        let done = bob.run(["assess", "--answers", file])
        #expect(done.code == 0 && done.out.hasPrefix("Level 2: Compliance-driven."), "\(done.out) \(done.err)")
        #expect(done.out.contains("Best practices for the next level:") && done.out.contains("Test your restores every quarter"), "\(done.out)")
        #expect(!done.out.contains("Monitor backup jobs"))
    }
}

