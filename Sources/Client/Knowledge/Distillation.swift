import Core

/// A best practice distilled from a thread (`publications new --from-thread`):
/// a new plaintext document with its own label, written in the member's own
/// words. The thread stays encrypted and the server is not told which thread
/// it came from; this check runs on the member's machine only.
///
/// TLP lets the source of information share it more widely, but not a
/// recipient: a run of `minimumRun` words copied from another member's post
/// in a thread labelled stricter than the publication is refused (the
/// member's own posts may be reused: they are its source).
///
///     if let copy = Distillation.copied(title: t, body: b, label: .green, thread: .amber, posts: others) { … }
public enum Distillation {
    /// Copied runs of this many words (or more) count.
    public static let minimumRun = 8

    /// A post of the thread: its author, number and text.
    public struct Source: Sendable, Equatable {
        public let authorID: String
        public let seq: UInt64
        public let text: String

        public init(authorID: String, seq: UInt64, text: String) {
            self.authorID = authorID
            self.seq = seq
            self.text = text
        }
    }

    /// A post the draft copies from.
    public struct Copy: Sendable, Equatable, CustomStringConvertible {
        public let authorID: String
        public let seq: UInt64
        /// The first copied run, as in the draft's words (lower case).
        public let words: String

        public var description: String {
            "the text repeats \(Distillation.minimumRun) or more words of post #\(seq) by \(authorID) verbatim (\"\(words)…\")"
        }
    }

    /// The first post of another member whose words the draft repeats, when
    /// the thread's label is stricter than the publication's; nil otherwise.
    public static func copied(title: String, body: String, label: TLPLabel, thread: TLPLabel, me: String, posts: [Source]) -> Copy? {
        guard label < thread else { return nil }  // as strict or stricter: sharing it that way is allowed
        let draft = words(title + "\n" + body)
        guard draft.count >= minimumRun else { return nil }
        var runs: [String: Int] = [:]  // a run of the draft → where it starts
        for start in 0...(draft.count - minimumRun) where runs[key(draft, start)] == nil { runs[key(draft, start)] = start }
        for post in posts where post.authorID != me {
            let source = words(post.text)
            guard source.count >= minimumRun else { continue }
            for start in 0...(source.count - minimumRun) {
                let run = key(source, start)
                if runs[run] != nil { return Copy(authorID: post.authorID, seq: post.seq, words: run) }
            }
        }
        return nil
    }

    /// Letters and digits, lower case, in words (punctuation and spacing do not hide a copy).
    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    static func key(_ words: [String], _ start: Int) -> String {
        words[start..<(start + minimumRun)].joined(separator: " ")
    }
}
