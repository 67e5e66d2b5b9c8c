import Testing
import Args

/// Command line over environment over default, and where each value came from.
@Suite struct EnvironmentTests {
    private let environment = ["TRUSTFORUM_DATA": "/env/data", "TRUSTFORUM_LISTEN": "10.0.0.1:80"]

    @Test func commandLineBeatsEnvironment() {
        let result = Fixture.run(["serve", "--data", "/cli", "--listen", "[::1]:8080"], environment: environment)
        #expect(result.out.hasPrefix("listen=[::1]:8080 source=commandLine\n"))
    }

    @Test func environmentBeatsDefault() {
        let result = Fixture.run(["serve"], environment: environment)
        #expect(result.code == 0)
        #expect(result.out.hasPrefix("listen=10.0.0.1:80 source=environment\n"))
    }

    @Test func defaultLast() {
        let result = Fixture.run(["serve"], environment: ["TRUSTFORUM_DATA": "/env/data"])
        #expect(result.out.hasPrefix("listen=127.0.0.1:8080 source=default\n"))
    }

    @Test func environmentSatisfiesARequiredOption() {
        let result = Fixture.run(["audit", "verify"], environment: environment)
        #expect(result.code == 0)
        #expect(result.out == """
            data=/env/data source=environment
            checkpoint=- source=absent
            path=trustforum audit verify

            """)
    }

    /// `TRUSTFORUM_DATA=` is treated as unset, so it cannot stand in for a
    /// required value.
    @Test func emptyVariableCountsAsUnset() {
        let result = Fixture.run(["audit", "verify"], environment: ["TRUSTFORUM_DATA": ""])
        #expect(result.code == 64)
        #expect(result.err.hasPrefix("Error: Missing expected argument '--data <dir>' (or set TRUSTFORUM_DATA)\n"))
    }

    @Test func secretFromEnvironmentIsNotPrinted() {
        let result = Fixture.run(["serve", "--data", "/d"], environment: ["TRUSTFORUM_ADMIN_TOKEN": "hunter2"])
        #expect(result.out.contains("token-source=environment\n"))
        #expect(!result.out.contains("hunter2"))
    }

    @Test func secretDefaultIsUsedButNotShown() {
        let result = Fixture.run(["serve", "--data", "/d"])
        #expect(result.out.contains("token-source=default\n"))
    }
}
