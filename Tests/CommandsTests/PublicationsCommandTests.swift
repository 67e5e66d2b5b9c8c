import Foundation
import Testing
@testable import Commands

/// `trustforum publications` and `trustforum search` against a live server:
/// new → list → search → endorse → edit → history.
@Suite struct PublicationsCommandTests {
    @Test func newListSearchEndorseHistory() throws {
        let c = try ThreadCommunity()
        let alice = try c.member("alice")
        let expert = try c.member("erik", role: "expert")

        let made = alice.run(["publications", "new", "--label", "TLP:CLEAR", "--level", "3", "--topic", "phishing", "--topic", "awareness",
                              "--title", "Report phishing in one click", "--body-file",
                              try c.body("Add a report button to the mail client.\nPraise every report, even false alarms.")])
        #expect(made.code == 0, "\(made.err)")
        let id = made.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(alice.run(["publications", "new", "--label", "TLP:AMBER", "--level", "3", "--topic", "phishing", "--title", "x",
                           "--body-file", try c.body("y")]).code == 1)
        #expect(alice.run(["publications", "new", "--label", "TLP:CLEAR", "--level", "9", "--topic", "phishing", "--title", "x"]).code == 64)

        let listed = alice.run(["publications", "list", "--level", "3"])
        #expect(listed.code == 0 && listed.out.contains(id) && listed.out.contains("Report phishing in one click"), "\(listed.out)\(listed.err)")
        #expect(alice.run(["publications", "list", "--level", "4"]).out == "No publications.\n")

        let found = alice.run(["search", "false alarms"])
        #expect(found.code == 0, "\(found.err)")
        #expect(found.out.hasPrefix("Report phishing in one click  [TLP:CLEAR, level 3]  \(id)"), "\(found.out)")
        #expect(found.out.contains("**false** **alarms**"), "\(found.out)")
        #expect(alice.run(["search", "AND OR"]).code == 1)

        #expect(alice.run(["publications", "endorse", id]).code == 1, "members do not endorse")
        let endorsed = expert.run(["publications", "endorse", id])
        #expect(endorsed.code == 0 && endorsed.out == "Endorsed \(id) (1 endorsement).\n", "\(endorsed.out)\(endorsed.err)")
        #expect(expert.run(["publications", "endorse", id]).code == 1, "once")

        let edited = alice.run(["publications", "edit", id, "--title", "Report phishing with one click", "--body-file", try c.body("A report button.")])
        #expect(edited.code == 0 && edited.out == "Version 2 of \(id).\n", "\(edited.out)\(edited.err)")
        let history = alice.run(["publications", "history", id])
        #expect(history.code == 0 && history.out.contains("Report phishing in one click") && history.out.contains("Report phishing with one click"),
                "\(history.out)")
        let shown = alice.run(["publications", "show", id])
        #expect(shown.out.contains("A report button.") && shown.out.contains("Endorsed"), "\(shown.out)")
        #expect(alice.run(["search", "--json", "button"]).out.contains("\"id\" : \"\(id)\""))
    }
}
