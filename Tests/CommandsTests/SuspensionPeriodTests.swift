import Foundation
import Testing
@testable import Commands

/// Suspensions for a period: `members suspend --for/--until` records the end
/// with the signed entry, and `members reinstate-due` signs the
/// reinstatements whose period is over, and no other.
@Suite struct SuspensionPeriodTests {
    @Test func daysAreUTCMidnights() throws {
        #expect(SuspensionPeriod.epochSeconds(year: 2026, month: 11, day: 30) == 1_795_996_800)
        #expect(SuspensionPeriod.epochSeconds(year: 2028, month: 2, day: 29) == 1_835_395_200)
        #expect(SuspensionPeriod.epochSeconds(year: 2027, month: 2, day: 29) == nil)
        #expect(SuspensionPeriod.epochSeconds(year: 2026, month: 4, day: 31) == nil)
        #expect(try SuspensionPeriod.end(days: "30", date: nil, now: 1000) == 1000 + 30 * 86_400)
        #expect(try SuspensionPeriod.end(days: nil, date: nil, now: 1000) == nil)
        for (days, date) in [("0", nil), ("1831", nil), ("x", nil), (nil, "2020-01-01"), (nil, "2030-13-01"), (nil, "2030-1-01"), ("1", "2030-01-01")] {
            #expect(throws: (any Error).self) { try SuspensionPeriod.end(days: days, date: date, now: 1_795_996_800) }
        }
    }

    @Test func aPeriodEndsWithASignedReinstatement() throws {
        let live = try LiveServer()
        let (moderator, _) = try live.moderator()
        let member = live.person("member")
        let memberID = try live.apply(member)
        let other = live.person("other")
        let otherID = try live.apply(other)
        #expect(moderator.run(["applications", "approve", memberID]).code == 0)
        #expect(moderator.run(["applications", "approve", otherID]).code == 0)

        #expect(moderator.run(["members", "suspend", memberID, "--until", "2020-01-01"]).code == 64)
        let suspended = moderator.run(["members", "suspend", memberID, "--for", "7", "--reason", "three warnings"])
        #expect(suspended.code == 0, "\(suspended.err)")
        #expect(suspended.out.hasPrefix("Suspended \(memberID) until "), "\(suspended.out)")
        #expect(moderator.run(["members", "suspend", otherID]).code == 0)
        let listed = moderator.run(["members", "list", "--status", "suspended", "--json"])
        #expect(listed.out.contains("\"suspended_until\""), "\(listed.out)")

        let early = moderator.run(["members", "reinstate-due"])
        #expect(early.code == 0 && early.out == "No suspension period is over.\n", "\(early.out) \(early.err)")
        // Seven days later (the store's clock moved on).
        try live.tamper("UPDATE suspension_periods SET until = 1 WHERE member_id = ?", [.text(memberID)])
        let due = moderator.run(["members", "reinstate-due"])
        #expect(due.code == 0, "\(due.err)")
        #expect(due.out.hasPrefix("Reinstated \(memberID): entry "), "\(due.out)")
        #expect(!due.out.contains(otherID))
        #expect(try live.status(of: memberID) == "active")
        #expect(try live.status(of: otherID) == "suspended")
        #expect(moderator.run(["members", "reinstate-due"]).out == "No suspension period is over.\n")
    }
}
