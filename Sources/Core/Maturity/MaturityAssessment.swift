import Foundation

/// The security-maturity self-assessment of Policies/maturity.json
/// (DESIGN.md: the five levels of the 'weerbaarheidsladder'). Each
/// question evidences one level from 2 to 5. The scoring rule, the same
/// on every client: an organisation is on the highest level L such that,
/// for every level k from 2 to L, it answered yes to at least
/// `threshold` (three quarters, rounded up) of the questions of level k;
/// with less it is on level 1 (Passive). The client scores on the
/// member's machine and sends only the level and `version`.
///
///     let assessment = try MaturityAssessment.embedded()
///     let result = try assessment.score(["l2-updates": true, "l2-mfa": false, …])
///     result.level        // 1…5
///     result.nextSteps    // the questions of the next level not yet answered yes
public struct MaturityAssessment: Sendable, Equatable {
    public struct Level: Sendable, Equatable, Decodable {
        public let level: Int
        public let en: String
        public let nl: String
        public let summary_en: String
        public let summary_nl: String
    }

    public struct Question: Sendable, Equatable, Decodable {
        public let id: String
        public let level: Int
        public let en: String
        public let nl: String
    }

    /// The share of a level's questions answered yes that reaches it.
    public struct Threshold: Sendable, Equatable, Decodable {
        public let numerator: Int
        public let denominator: Int

        /// The yes answers needed out of `count` questions (rounded up).
        public func needed(of count: Int) -> Int {
            (count * numerator + denominator - 1) / denominator
        }
    }

    public let version: String
    public let threshold: Threshold
    public let levels: [Level]
    public let questions: [Question]

    /// An assessment's outcome.
    public struct Result: Sendable, Equatable {
        /// 1 (Passive) to 5 (Intelligent).
        public let level: Int
        /// The questions version the level was scored with.
        public let version: String
        /// The questions of `level + 1` not answered yes: what lifts the
        /// organisation one level (empty at level 5).
        public let nextSteps: [Question]
        /// Yes answers needed at the next level, and how many it has.
        public let nextNeeded: Int
        public let nextHas: Int
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        case unknownQuestion(String)
        case unanswered([String])

        public var description: String {
            switch self {
            case .malformed(let reason): "Policies/maturity.json: \(reason)"
            case .unknownQuestion(let id): "no question \(id) in this version of the assessment"
            case .unanswered(let ids): "unanswered: \(ids.joined(separator: ", "))"
            }
        }
    }

    private struct File: Decodable {
        let format: String
        let version: String
        let threshold: Threshold
        let levels: [Level]
        let questions: [Question]
    }

    /// Parses and checks a questions file: levels 1 to 5 in order, unique
    /// question ids, every question on a level from 2 to 5, every such
    /// level with at least one question, a threshold in (0, 1].
    public static func parse(_ data: Data) throws -> MaturityAssessment {
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch { throw Failure.malformed("not a questions file (\(error))") }
        guard file.format == "trustforum-maturity/v1" else { throw Failure.malformed("format must be trustforum-maturity/v1") }
        guard !file.version.isEmpty, file.version.utf8.count <= 32,
              file.version.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x2d || $0 == 0x2e }) else {
            throw Failure.malformed("version must be 1-32 characters of [a-z0-9.-]")
        }
        guard file.levels.map(\.level) == [1, 2, 3, 4, 5] else { throw Failure.malformed("levels must be 1 to 5, in order") }
        guard file.threshold.denominator > 0, file.threshold.numerator > 0, file.threshold.numerator <= file.threshold.denominator else {
            throw Failure.malformed("threshold must be a fraction in (0, 1]")
        }
        var seen = Set<String>()
        for question in file.questions {
            guard (2...5).contains(question.level) else { throw Failure.malformed("question \(question.id) has level \(question.level); questions evidence levels 2 to 5") }
            guard !question.id.isEmpty, seen.insert(question.id).inserted else { throw Failure.malformed("question id \(question.id) is empty or repeated") }
        }
        for level in 2...5 where !file.questions.contains(where: { $0.level == level }) {
            throw Failure.malformed("level \(level) has no question")
        }
        return MaturityAssessment(version: file.version, threshold: file.threshold, levels: file.levels, questions: file.questions)
    }

    /// The questions compiled into this binary.
    public static func embedded() throws -> MaturityAssessment {
        try parse(Data(EmbeddedPolicies.text("maturity").utf8))
    }

    /// Scores yes/no answers to every question; an answer to an unknown
    /// question, or a question left out, is refused.
    public func score(_ answers: [String: Bool]) throws -> Result {
        let known = Set(questions.map(\.id))
        if let unknown = answers.keys.sorted().first(where: { !known.contains($0) }) { throw Failure.unknownQuestion(unknown) }
        let missing = questions.map(\.id).filter { answers[$0] == nil }
        guard missing.isEmpty else { throw Failure.unanswered(missing) }
        var level = 1
        for next in 2...5 {
            let asked = questions.filter { $0.level == next }
            let yes = asked.filter { answers[$0.id] == true }.count
            guard yes >= threshold.needed(of: asked.count) else { break }
            level = next
        }
        guard level < 5 else { return Result(level: 5, version: version, nextSteps: [], nextNeeded: 0, nextHas: 0) }
        let next = questions.filter { $0.level == level + 1 }
        return Result(level: level, version: version, nextSteps: next.filter { answers[$0.id] != true },
                      nextNeeded: threshold.needed(of: next.count), nextHas: next.filter { answers[$0.id] == true }.count)
    }
}
