import Foundation
import Testing
@testable import Platform

@Suite struct SocketAddressTests {
    @Test(arguments: [
        ("127.0.0.1:8080", "127.0.0.1", 8080, SocketAddress.Family.ipv4),
        ("0.0.0.0:0", "0.0.0.0", 0, .ipv4),
        ("localhost:443", "127.0.0.1", 443, .ipv4),
        ("[::1]:8080", "::1", 8080, .ipv6),
    ])
    func parses(_ text: String, _ host: String, _ port: Int, _ family: SocketAddress.Family) throws {
        let address = try #require(SocketAddress(parsing: text))
        #expect(address.host == host)
        #expect(Int(address.port) == port)
        #expect(address.family == family)
    }

    @Test(arguments: ["127.0.0.1", "127.0.0.1:", ":80", "example.org:80", "127.0.0.1:65536", "127.0.0.1:-1", "::1:80", "[::1]80", "1.2.3.4:8a"])
    func refuses(_ text: String) {
        #expect(SocketAddress(parsing: text) == nil)
    }
}

@Suite struct LoggerTests {
    final class Lines: @unchecked Sendable {
        let lock = NSLock()
        var lines: [String] = []
    }

    func capture(_ body: (Logger) -> Void) -> [String] {
        let lines = Lines()
        let logger = Logger(minimum: .info, sink: LogSink { line in lines.lock.withLock { lines.lines.append(line) } })
        body(logger)
        return lines.lines
    }

    @Test func writesLogfmtAndFiltersLevels() {
        let lines = capture { logger in
            logger.debug("hidden")
            logger.info("server.started", ["listen": "127.0.0.1:8080"])
        }
        #expect(lines.count == 1)
        #expect(lines[0].contains(" level=info event=server.started listen=127.0.0.1:8080\n"))
        #expect(lines[0].hasPrefix("ts=20"))
    }

    @Test func valuesCannotForgeLinesOrFields() {
        let lines = capture { logger in
            logger.warning("x", ["v": "a\nts=1 level=error event=forged", "w": "say \"hi\"", "e": ""])
        }
        #expect(lines.count == 1)
        #expect(lines[0].filter { $0 == "\n" }.count == 1)
        #expect(lines[0].contains(#"v="a\nts=1 level=error event=forged""#))
        #expect(lines[0].contains(#"w="say \"hi\"""#))
        #expect(lines[0].contains(#"e="""#))
    }
}

@Suite struct FilesTests {
    func temporary() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tf-platform-\(UUID().uuidString)").path
    }

    @Test func secretsAreCreated0600AndNeverOverwritten() throws {
        let dir = temporary()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Files.makeDirectory(dir + "/a/b")
        #expect(Files.mode(dir + "/a/b") == 0o700)
        let path = dir + "/a/b/secret"
        try Files.createExclusive(path, [1, 2, 3])
        #expect(Files.mode(path) == 0o600)
        #expect(try Files.read(path) == [1, 2, 3])
        #expect(throws: SystemError.self) { try Files.createExclusive(path, [9]) }
        #expect(try Files.read(path) == [1, 2, 3])
    }

    @Test func atomicWriteReplacesWholly() throws {
        let dir = temporary()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Files.makeDirectory(dir)
        let path = dir + "/f"
        try Files.writeAtomically(path, Array(repeating: 7, count: 100_000))
        try Files.writeAtomically(path, [1])
        #expect(try Files.read(path) == [1])
        #expect(Files.mode(path) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["f"])
    }

    @Test func lockIsExclusive() throws {
        let dir = temporary()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Files.makeDirectory(dir)
        let first = try #require(try FileLock(path: dir + "/lock"))
        #expect(try FileLock(path: dir + "/lock") == nil)
        withExtendedLifetime(first) {}
    }

    @Test func pathHelpers() {
        #expect(Files.directoryName("/a/b/c") == "/a/b")
        #expect(Files.directoryName("/a") == "/")
        #expect(Files.directoryName("a") == ".")
        #expect(Files.join("a/", "b") == "a/b")
        #expect(Files.join("a", "b") == "a/b")
    }
}

@Suite struct LockTests {
    @Test func promiseDeliversAcrossThreads() {
        let promise = Promise<Int>()
        let thread = OSThread(name: "t") { promise.fulfil(42) }
        #expect(promise.wait() == 42)
        thread.join()
        promise.fulfil(7)
        #expect(promise.wait() == 42)
    }

    @Test func promiseTimesOut() {
        let promise = Promise<Int>()
        #expect(promise.wait(until: MonotonicClock.now + 20_000_000) == nil)
    }
}
