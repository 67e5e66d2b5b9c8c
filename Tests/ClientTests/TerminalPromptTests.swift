#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Foundation
import Testing
@testable import Client

/// The real prompt code against a pseudo-terminal. Serialized: the
/// echo-off section and its signal handlers are process-wide.
@Suite(.serialized) struct TerminalPromptTests {
    typealias Outcome = Result<SecureBytes, PassphraseError>

    /// Runs `readSecret` on the pty's slave side in the background.
    func prompt(_ pty: PseudoTerminal, _ text: String = "Passphrase: ") -> Background<Outcome> {
        let device = pty.slavePath
        return Background { Result { () throws(PassphraseError) in try TerminalPrompt(device: device).readSecret(prompt: text) } }
    }

    @Test func readsWithEchoOffShowsThePromptAndRestoresTheTerminal() throws {
        let pty = try PseudoTerminal()
        let before = pty.attributes
        #expect(pty.echoes)
        let outcome = prompt(pty)
        #expect(pty.waitFor("Passphrase: ").hasPrefix("Passphrase: "))
        #expect(!pty.echoes) // the prompt is written after echo goes off
        try pty.type("hunter2 correct horse\n")
        let result = try #require(outcome.wait())
        #expect(try result.get() == secret("hunter2 correct horse"))
        pty.readAvailable(waitingMilliseconds: 200)
        let shown = String(decoding: pty.output, as: UTF8.self)
        #expect(!shown.contains("hunter2"))
        #expect(!shown.contains("horse"))
        #expect(shown == "Passphrase: \r\n") // the prompt, then our own line break
        #expect(PseudoTerminal.same(pty.attributes, before))
    }

    @Test func creatingAsksTwice() throws {
        let pty = try PseudoTerminal()
        let before = pty.attributes
        let device = pty.slavePath
        let outcome = Background { Result { () throws(PassphraseError) in
            try PassphraseSource.terminal(device: device).read(for: .create, environment: [:])
        } }
        pty.waitFor("New passphrase")
        try pty.type("a brand new passphrase\n")
        pty.waitFor("Repeat the passphrase: ")
        try pty.type("a brand new passphrase\n")
        #expect(try #require(outcome.wait()).get() == secret("a brand new passphrase"))
        pty.readAvailable(waitingMilliseconds: 100)
        #expect(!String(decoding: pty.output, as: UTF8.self).contains("brand"))
        #expect(PseudoTerminal.same(pty.attributes, before))
    }

    @Test func creatingRefusesTwoDifferentAnswersAndShortOnes() throws {
        do {
            let pty = try PseudoTerminal()
            let device = pty.slavePath
            let outcome = Background { Result { () throws(PassphraseError) in
                try PassphraseSource.terminal(device: device).read(for: .create, environment: [:])
            } }
            pty.waitFor("New passphrase")
            try pty.type("a brand new passphrase\n")
            pty.waitFor("Repeat the passphrase: ")
            try pty.type("a brand new passfrase\n")
            #expect(throws: PassphraseError.mismatch) { try #require(outcome.wait()).get() }
            #expect(pty.echoes)
        }
        do {
            let pty = try PseudoTerminal()
            let device = pty.slavePath
            let outcome = Background { Result { () throws(PassphraseError) in
                try PassphraseSource.terminal(device: device).read(for: .create, environment: [:])
            } }
            pty.waitFor("New passphrase")
            try pty.type("too short\n")
            #expect(throws: PassphraseError.policy("a new passphrase needs at least 10 characters")) { try #require(outcome.wait()).get() }
            pty.readAvailable(waitingMilliseconds: 100)
            #expect(!String(decoding: pty.output, as: UTF8.self).contains("Repeat"))
        }
    }

    @Test func endOfInputIsAnErrorAndRestoresTheTerminal() throws {
        let pty = try PseudoTerminal()
        let before = pty.attributes
        let outcome = prompt(pty)
        pty.waitFor("Passphrase: ")
        try pty.type("\u{04}") // Ctrl-D on an empty line
        #expect(throws: PassphraseError.terminal("end of input")) { try #require(outcome.wait()).get() }
        #expect(PseudoTerminal.same(pty.attributes, before))
    }

    @Test func overlongLineIsRefused() throws {
        let pty = try PseudoTerminal()
        let outcome = prompt(pty)
        pty.waitFor("Passphrase: ")
        try pty.type(String(repeating: "x", count: PassphrasePolicy.maximumByteCount + 1) + "\n")
        #expect(throws: PassphraseError.self) { try #require(outcome.wait()).get() }
        #expect(pty.echoes)
    }

    /// A signal while the prompt waits restores the terminal at once, then
    /// reaches the handler that was there before (by default it would end
    /// the process, as Ctrl-C should; here a test handler counts it).
    @Test func signalRestoresTheTerminalAndIsForwarded() throws {
        var previous = sigaction()
        var counting = sigaction()
        counting.__sigaction_handler.sa_handler = { _ in quitSignals += 1 }
        sigemptyset(&counting.sa_mask)
        quitSignals = 0
        #expect(sigaction(SIGQUIT, &counting, &previous) == 0)
        defer { sigaction(SIGQUIT, &previous, nil) }

        let pty = try PseudoTerminal()
        let before = pty.attributes
        let outcome = prompt(pty)
        pty.waitFor("Passphrase: ")
        #expect(!pty.echoes)
        kill(getpid(), SIGQUIT)
        let deadline = Date().addingTimeInterval(5)
        while quitSignals == 0, Date() < deadline { usleep(1000) }
        #expect(quitSignals == 1) // forwarded to the previous handler
        #expect(pty.echoes) // restored by our handler
        var current = sigaction()
        sigaction(SIGQUIT, nil, &current)
        #expect(unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self)
            == unsafeBitCast(counting.__sigaction_handler.sa_handler, to: Int.self))
        // The prompt still finishes normally afterwards.
        try pty.type("typed after the signal\n")
        #expect(try #require(outcome.wait()).get() == secret("typed after the signal"))
        #expect(PseudoTerminal.same(pty.attributes, before))
    }

    /// A question's answer is read with echo on (it is no secret), the
    /// prompt on the terminal itself; without a terminal device: noSource.
    @Test func answersAreReadWithEchoOn() throws {
        let pty = try PseudoTerminal()
        let device = pty.slavePath
        let outcome = Background { Result { () throws(PassphraseError) in try TerminalPrompt(device: device).readAnswer(prompt: "Send it? [y/N] ") } }
        #expect(pty.waitFor("Send it? [y/N] ").hasPrefix("Send it? [y/N] "))
        #expect(pty.echoes)
        try pty.type("yes\n")
        let result = try #require(outcome.wait())
        #expect(try result.get() == "yes")
        let missing = Result { () throws(PassphraseError) in try TerminalPrompt(device: "/nonexistent/tty").readAnswer(prompt: "?") }
        #expect(throws: PassphraseError.noSource) { try missing.get() }
        let notATerminal = Result { () throws(PassphraseError) in try TerminalPrompt(device: "/dev/null").readAnswer(prompt: "?") }
        #expect(throws: PassphraseError.noSource) { try notATerminal.get() }
    }
}

/// SIGQUITs seen by the test handler (written only by it, read by the test).
nonisolated(unsafe) var quitSignals: Int32 = 0
