/// The words a publication is suggested by, and how a question is matched
/// against them on the member's machine (Part 5: "the client suggests
/// publications that may answer it by matching locally against a compact
/// index … so the question never leaves the device"). The server and the
/// client tokenise the same way: lower-cased runs of letters and digits of
/// at least three characters, without the commonest English and Dutch words.
///
///     let terms = SuggestionTerms.top(of: title + " " + body, count: 24)
///     let best = SuggestionTerms.rank(question, entries)   // best first, only entries with shared words
public enum SuggestionTerms {
    /// Words too common to suggest anything (English and Dutch).
    public static let stopWords: Set<String> = [
        "the", "and", "for", "that", "with", "this", "are", "was", "were", "from", "have", "has", "had", "not", "but", "you", "your", "our",
        "can", "all", "any", "what", "when", "who", "how", "which", "they", "them", "their", "there", "then", "than", "into", "out", "about",
        "will", "would", "should", "could", "may", "also", "one", "two", "its", "his", "her", "she", "him", "did", "does", "been", "being",
        "het", "een", "van", "dat", "die", "voor", "met", "zijn", "niet", "aan", "ook", "als", "bij", "naar", "maar", "wat", "wie", "hoe",
        "uit", "over", "dan", "nog", "wel", "geen", "kan", "mag", "moet", "wordt", "worden", "heeft", "hebben", "onze", "ons", "uw", "jullie",
        "deze", "dit", "der", "den", "des", "wij", "zij", "hij", "zich", "meer", "veel", "heel", "waar", "wanneer", "omdat", "door", "tot",
    ]

    /// The words of `text`, in order.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.filter { $0.count >= 3 && !stopWords.contains($0) }
    }

    /// The `count` most frequent words of `text` (ties by first appearance).
    public static func top(of text: String, count: Int) -> [String] {
        var frequency: [String: Int] = [:]
        var order: [String] = []
        for word in words(text) {
            if frequency[word] == nil { order.append(word) }
            frequency[word, default: 0] += 1
        }
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        return order.sorted { (frequency[$0]!, -position[$0]!) > (frequency[$1]!, -position[$1]!) }.prefix(count).map { $0 }
    }

    /// An entry of the index as the matcher needs it.
    public struct Entry: Sendable, Equatable {
        public let id: String
        public let titleWords: Set<String>
        public let terms: Set<String>
        public let topics: Set<String>

        public init(id: String, title: String, terms: [String], topics: [String]) {
            self.id = id
            titleWords = Set(words(title))
            self.terms = Set(terms)
            self.topics = Set(topics)
        }
    }

    /// Entries sharing words with `question`, best first: a title word
    /// counts 3, a term 1, a topic the question names 2; at most `limit`.
    public static func rank(_ question: String, _ entries: [Entry], topics: [String] = [], limit: Int = 3) -> [(id: String, score: Int)] {
        let asked = Set(words(question))
        guard !asked.isEmpty else { return [] }
        let scored = entries.map { entry -> (String, Int) in
            let score = 3 * asked.intersection(entry.titleWords).count + asked.intersection(entry.terms).count
                + 2 * entry.topics.intersection(topics).count
            return (entry.id, score)
        }
        return scored.filter { $0.1 >= 2 }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(limit).map { (id: $0.0, score: $0.1) }
    }
}
