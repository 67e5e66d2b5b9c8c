import Testing
@testable import Args

@Suite struct TextLayoutTests {
    @Test func wrapsAtSpacesKeepingIndentation() {
        #expect(TextLayout.wrap("aaa bbb ccc", width: 7) == ["aaa bbb", "ccc"])
        #expect(TextLayout.wrap("  aaa bbb ccc", width: 9) == ["  aaa bbb", "  ccc"])
        #expect(TextLayout.wrap("one\n\ntwo", width: 80) == ["one", "", "two"])
        #expect(TextLayout.wrap("short averyveryverylongword end", width: 10) == ["short", "averyveryverylongword", "end"])
    }

    @Test func unbrokenSpansStayTogether() {
        let text = "word " + TextLayout.unbroken("(env: NAME)")
        #expect(TextLayout.row("--x", text + " " + text + " " + text) == """
              --x                     word (env: NAME) word (env: NAME) word (env: NAME)
            """)
        #expect(TextLayout.row("--x", String(repeating: "w ", count: 25) + TextLayout.unbroken("(env: NAME)")) == """
              --x                     w w w w w w w w w w w w w w w w w w w w w w w w w
                                      (env: NAME)
            """)
    }

    @Test func rowLabelsThatReachTheColumnGetTheirOwnLine() {
        #expect(TextLayout.row(String(repeating: "a", count: 22), "help") == "  " + String(repeating: "a", count: 22) + "  help")
        #expect(TextLayout.row(String(repeating: "a", count: 23), "help")
                == "  " + String(repeating: "a", count: 23) + "\n" + String(repeating: " ", count: 26) + "help")
        #expect(TextLayout.row("--x", "") == "  --x")
    }

    @Test func flowsUnitsUnderAnIndent() {
        #expect(TextLayout.flow(["USAGE: t", "[--a <a>]", "[--b <b>]"], indent: 9, width: 20)
                == "USAGE: t [--a <a>]\n         [--b <b>]")
    }
}
