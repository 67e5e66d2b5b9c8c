import Testing
@testable import HTTP

/// The state machine driven by a hand-set clock (plain numbers).
@Suite struct ConnectionStateMachineTests {
    static let timeouts = ConnectionStateMachine.Timeouts(header: 10, body: 20, idle: 30, write: 40, linger: 5)
    typealias Action = ConnectionStateMachine.TimeoutAction

    @Test func newConnectionMustSpeakWithinTheHeaderTimeout() {
        var machine = ConnectionStateMachine(now: 100, timeouts: Self.timeouts)
        let early = machine.timeout(now: 109)
        let late = machine.timeout(now: 110)
        #expect(early == .none)
        #expect(late == .close)
        #expect(machine.phase == .closed)
    }

    @Test func slowHeadIsNotExtendedByMoreBytes() {
        var machine = ConnectionStateMachine(now: 0, timeouts: Self.timeouts)
        machine.bytesReceived(now: 5)
        machine.bytesReceived(now: 10)
        machine.bytesReceived(now: 14)
        #expect(machine.deadline == 15)
        let action = machine.timeout(now: 15)
        #expect(action == .respondTimeout)
        let last = machine.responseReady(now: 15, close: true)
        #expect(last)
        #expect(machine.phase == .writing)
        let after = machine.writeFinished(now: 16)
        #expect(after == .linger)
        let lingerEnd = machine.timeout(now: 21)
        #expect(lingerEnd == .close)
    }

    @Test func keepAliveCycleUsesTheIdleTimeoutBetweenRequests() {
        var machine = ConnectionStateMachine(now: 0, timeouts: Self.timeouts)
        machine.bytesReceived(now: 1)
        machine.headReceived(now: 2, keepAlive: true, bodyPending: false)
        #expect(machine.phase == .processing)
        #expect(machine.deadline == nil)
        let whileProcessing = machine.timeout(now: 1_000)
        #expect(whileProcessing == .none)
        let last = machine.responseReady(now: 1_000, close: false)
        #expect(!last)
        #expect(machine.deadline == 1_040)
        let after = machine.writeFinished(now: 1_001)
        #expect(after == .readNext)
        #expect(machine.phase == .awaitingHead(started: false))
        #expect(machine.deadline == 1_031)
        let idle = machine.timeout(now: 1_031)
        #expect(idle == .close)
    }

    @Test func bodyHasItsOwnDeadline() {
        var machine = ConnectionStateMachine(now: 0, timeouts: Self.timeouts)
        machine.bytesReceived(now: 0)
        machine.headReceived(now: 3, keepAlive: true, bodyPending: true)
        #expect(machine.phase == .readingBody)
        let early = machine.timeout(now: 22)
        let late = machine.timeout(now: 23)
        #expect(early == .none)
        #expect(late == .respondTimeout)
    }

    @Test func writeProgressMovesTheWriteDeadline() {
        var machine = ConnectionStateMachine(now: 0, timeouts: Self.timeouts)
        machine.bytesReceived(now: 0)
        machine.headReceived(now: 0, keepAlive: true, bodyPending: false)
        machine.responseReady(now: 0, close: false)
        machine.writeProgressed(now: 30)
        let early = machine.timeout(now: 69)
        let late = machine.timeout(now: 70)
        #expect(early == .none)
        #expect(late == .close)
    }

    @Test func connectionCloseRequestEndsAfterTheResponse() {
        var machine = ConnectionStateMachine(now: 0, timeouts: Self.timeouts)
        machine.bytesReceived(now: 0)
        machine.headReceived(now: 0, keepAlive: false, bodyPending: false)
        let last = machine.responseReady(now: 1, close: false)
        #expect(last)
        let after = machine.writeFinished(now: 2)
        #expect(after == .linger)
        #expect(machine.phase == .lingering)
    }

    @Test func shutdownClosesIdleConnectionsAtOnce() {
        var machine = ConnectionStateMachine(now: 0, timeouts: Self.timeouts)
        let closeNow = machine.beginShutdown()
        #expect(closeNow)
        #expect(machine.phase == .closed)
    }

    @Test func shutdownLetsAnInFlightRequestFinishThenCloses() {
        var machine = ConnectionStateMachine(now: 0, timeouts: Self.timeouts)
        machine.bytesReceived(now: 0)
        machine.headReceived(now: 0, keepAlive: true, bodyPending: false)
        let closeNow = machine.beginShutdown()
        #expect(!closeNow)
        #expect(machine.phase == .processing)
        let last = machine.responseReady(now: 5, close: false)
        #expect(last)
        let after = machine.writeFinished(now: 6)
        #expect(after == .linger)
    }

    @Test func shutdownDuringAHeadClosesAfterItsResponse() {
        var machine = ConnectionStateMachine(now: 0, timeouts: Self.timeouts)
        machine.bytesReceived(now: 0)
        let closeNow = machine.beginShutdown()
        #expect(!closeNow)
        machine.headReceived(now: 1, keepAlive: true, bodyPending: false)
        let last = machine.responseReady(now: 2, close: false)
        #expect(last)
    }

    @Test func wantsInputOnlyWhileReading() {
        var machine = ConnectionStateMachine(now: 0, timeouts: Self.timeouts)
        #expect(machine.wantsInput)
        machine.bytesReceived(now: 0)
        machine.headReceived(now: 0, keepAlive: true, bodyPending: false)
        #expect(!machine.wantsInput)
        machine.responseReady(now: 0, close: false)
        #expect(!machine.wantsInput)
        _ = machine.writeFinished(now: 0)
        #expect(machine.wantsInput)
    }
}
