import Args
import Client
import Core
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `trustforum assess`: the security-maturity self-assessment
/// (Policies/maturity.json). The answers stay on this machine: the client
/// scores them and sends only the level and the questions' version.
enum AssessCommand {
    struct Record: Encodable {
        let level: Int
        let questions_version: String
    }

    struct Entry: Decodable {
        let level: Int
        let questions_version: String
        let member_id: String
        let recorded_at: UInt64
    }

    struct Recommended: Decodable {
        let id: String
        let title: String
        let label: String
        let maturity_level: Int
    }

    struct History: Decodable {
        let org_id: String
        let history: [Entry]
        let recommended: [Recommended]?
    }

    static let command = Command(
        name: "assess",
        abstract: "Take the security-maturity self-assessment for your organisation; only the level leaves this machine.",
        discussion: """
            Fetches the questions from the server (GET /v1/policies/maturity), asks each one on the terminal (or reads the answers from --answers FILE: a JSON object of question id to true or false), scores them here by the rule in the questions file (the highest level whose questions, and every lower level's, are answered yes at least three quarters of the time), prints the level and the questions that would lift your organisation one level, and records only the level and the questions' version for your organisation, unless --dry-run. --history shows your organisation's levels. \(MemberCommand.passphraseHelp)
            """,
        options: MemberCommand.options + [
            .value("answers", valueName: "file", help: "Read the answers from this JSON file instead of asking."),
            .flag("dry-run", help: "Score and print, but record nothing."),
            .flag("history", help: "Show your organisation's recorded levels instead."),
            .flag("dutch", help: "Ask and print in Dutch."),
            MemberCommand.json,
        ],
        run: MemberCommand.run { parsed, io, context in
            let api = try context.api()
            if parsed.flag("history") {
                let answer = try api.send("GET", "/v1/org/maturity")
                if parsed.flag("json") {
                    Output.json(answer, &io)
                    return ExitCode.success
                }
                let history = try answer.decode(History.self)
                let rows = history.history.map { [String($0.level), $0.questions_version, Output.time($0.recorded_at), $0.member_id] }
                io.print(Output.table(["LEVEL", "QUESTIONS", "RECORDED", "BY"], rows, empty: "No level recorded yet."), terminator: "")
                return ExitCode.success
            }
            let assessment: MaturityAssessment
            do {
                assessment = try MaturityAssessment.parse(try api.send("GET", "/v1/policies/maturity").body)
            } catch {
                throw MemberError.refused("the server's questions do not parse: \(error)")
            }
            let dutch = parsed.flag("dutch")
            let answers = try parsed.value("answers").map { try read($0) } ?? ask(assessment, dutch: dutch, &io)
            let result = try assessment.score(answers)
            if !parsed.flag("dry-run") {
                let _: Entry = try api.post("/v1/org/maturity", body: Record(level: result.level, questions_version: result.version))
            }
            if parsed.flag("json") {
                let object: [String: Any] = ["level": result.level, "questions_version": result.version, "recorded": !parsed.flag("dry-run"),
                                             "next_steps": result.nextSteps.map(\.id)]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
                io.print(String(decoding: data, as: UTF8.self))
                return ExitCode.success
            }
            let level = assessment.levels[result.level - 1]
            io.print("Level \(result.level): \(dutch ? level.nl : level.en). \(dutch ? level.summary_nl : level.summary_en)")
            if result.nextSteps.isEmpty {
                io.print(dutch ? "Dit is het hoogste niveau." : "This is the highest level.")
            } else {
                let next = assessment.levels[result.level]
                io.print(dutch ? "Naar niveau \(next.level) (\(next.nl)): \(result.nextNeeded) van deze vragen met ja, nu \(result.nextHas):"
                               : "To reach level \(next.level) (\(next.en)), answer yes to \(result.nextNeeded) of these (now \(result.nextHas)):")
                for question in result.nextSteps { io.print("  - \(dutch ? question.nl : question.en)") }
            }
            io.print(parsed.flag("dry-run") ? (dutch ? "Niets vastgelegd (--dry-run)." : "Nothing recorded (--dry-run).")
                                            : (dutch ? "Alleen het niveau is vastgelegd voor uw organisatie." : "Only the level was recorded for your organisation."))
            if !parsed.flag("dry-run"), let recommended = try? api.send("GET", "/v1/org/maturity").decode(History.self).recommended, !recommended.isEmpty {
                io.print(dutch ? "Best practices voor het volgende niveau:" : "Best practices for the next level:")
                for practice in recommended { io.print("  \(practice.id)  \(Output.line(practice.title) ?? "")  [\(practice.label)]") }
            }
            return ExitCode.success
        })

    /// `{"question-id": true|false, …}` from a file.
    static func read(_ path: String) throws -> [String: Bool] {
        guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read --answers file \(path)") }
        guard let answers = try? JSONDecoder().decode([String: Bool].self, from: data) else {
            throw UsageError("--answers must be a JSON object of question id to true or false")
        }
        return answers
    }

    /// Each question on the terminal, y or n.
    static func ask(_ assessment: MaturityAssessment, dutch: Bool, _ io: inout CommandIO) throws -> [String: Bool] {
        var answers: [String: Bool] = [:]
        for (index, question) in assessment.questions.enumerated() {
            while answers[question.id] == nil {
                guard let text = Consent.answer("\(index + 1)/\(assessment.questions.count) \(dutch ? question.nl : question.en) [y/n] ") else {
                    throw UsageError("no answer on a terminal: give the answers with --answers FILE")
                }
                if ["y", "yes", "j", "ja"].contains(text) { answers[question.id] = true }
                if ["n", "no", "nee"].contains(text) { answers[question.id] = false }
            }
        }
        return answers
    }
}
