using System.Text;
using System.Text.RegularExpressions;
using static FastChat.Engine.Tokenization.PreTokenizerPatterns;

namespace FastChat.Engine.Tokenization;

/// <summary>
/// Splits text into the pieces byte-level BPE encodes one by one, by the patterns tokenizer.ggml.pre names.
/// As in llama.cpp, a pre-tokenizer is a list of patterns applied in turn: each splits every piece left by the
/// previous one into its matches and the text between them, and each piece is a separate subject (anchors and
/// look-arounds do not see past it).
/// </summary>
public sealed class BpePreTokenizer
{
    /// <summary>The name used when a BPE vocabulary has no tokenizer.ggml.pre (llama.cpp does the same).</summary>
    public const string DefaultName = "default";

    private static readonly Dictionary<string, SplitPattern[]> PatternsByName = BuildTable();

    [ThreadStatic] private static Scratch? t_scratch;

    private readonly SplitPattern[] _steps;

    private BpePreTokenizer(string name, SplitPattern[] steps)
    {
        Name = name;
        _steps = steps;
    }

    public string Name { get; }

    /// <summary>Every tokenizer.ggml.pre value this implementation knows.</summary>
    public static IReadOnlyCollection<string> KnownNames => PatternsByName.Keys;

    /// <exception cref="TokenizerException">The name is not a known pre-tokenizer.</exception>
    public static BpePreTokenizer ForName(string name) =>
        PatternsByName.TryGetValue(name, out var steps)
            ? new BpePreTokenizer(name, steps)
            : throw new TokenizerException(
                $"Unknown BPE pre-tokenizer '{name}' (tokenizer.ggml.pre). Known: {string.Join(", ", PatternsByName.Keys.Order())}.",
                "tokenizer.ggml.pre");

    /// <summary>Replaces <paramref name="pieces"/> with the (start, length) pieces of <paramref name="text"/>, in order.</summary>
    public void Split(ReadOnlySpan<char> text, List<(int Start, int Length)> pieces)
    {
        pieces.Clear();
        if (text.IsEmpty) return;
        var scratch = t_scratch ??= new Scratch();
        var ascii = Ascii.IsValid(text);
        var viewBuilt = false;
        ReadOnlySpan<char> plain = ascii ? text : scratch.WithAsciiWhitespace(text);
        var current = scratch.Current;
        current.Clear();
        current.Add((0, text.Length));

        for (var step = 0; step < _steps.Length; step++)
        {
            var pattern = _steps[step];
            var next = step == _steps.Length - 1 ? pieces : scratch.Next;
            next.Clear();
            foreach (var (start, length) in current)
            {
                if (pattern.UsesClasses && !ascii)
                {
                    if (!viewBuilt)
                    {
                        scratch.View.Build(text);
                        viewBuilt = true;
                    }
                    SplitInView(pattern, scratch, start, length, next);
                }
                else
                {
                    SplitPlain(pattern, scratch, plain.Slice(start, length), start, next);
                }
            }
            if (next != pieces) (scratch.Current, scratch.Next) = (next, current); // the scratch lists swap roles
            current = next;
        }
    }

    /// <summary>Matches and the text between them, in order, as pieces of the original text.</summary>
    private static void SplitPlain(SplitPattern step, Scratch scratch, ReadOnlySpan<char> subject, int offset, List<(int, int)> output)
    {
        var matches = scratch.Matches;
        matches.Clear();
        step.FindMatches(subject, matches);
        var end = 0;
        foreach (var (index, length) in matches)
        {
            if (index > end) output.Add((offset + end, index - end));
            output.Add((offset + index, length));
            end = index + length;
        }
        if (end < subject.Length) output.Add((offset + end, subject.Length - end));
    }

    /// <summary>As <see cref="SplitPlain"/>, matching on the code-point view and mapping back to UTF-16 offsets.</summary>
    private static void SplitInView(SplitPattern step, Scratch scratch, int start, int length, List<(int, int)> output)
    {
        var view = scratch.View;
        var first = view.ToCodePoint(start);
        var subject = view.Chars[first..view.ToCodePoint(start + length)];
        var matches = scratch.Matches;
        matches.Clear();
        step.FindMatches(subject, matches);
        var end = 0;
        foreach (var (index, matchLength) in matches)
        {
            if (index > end) Add(end, index);
            Add(index, index + matchLength);
            end = index + matchLength;
        }
        if (end < subject.Length) Add(end, subject.Length);

        void Add(int from, int to)
        {
            var utf16From = view.ToUtf16(first + from);
            output.Add((utf16From, view.ToUtf16(first + to) - utf16From));
        }
    }

    private static Dictionary<string, SplitPattern[]> BuildTable()
    {
        static SplitPattern[] Steps(params object[] patterns) =>
            patterns.Select(p => p as SplitPattern ?? SplitPattern.FromRegex((Regex)p)).ToArray();

        var gpt2Core = Gpt2Scanner.Instance; // same matches as PreTokenizerPatterns.Gpt2, faster
        var gpt2 = Steps(gpt2Core);
        var llama3 = Steps(Llama3);
        var qwen2 = Steps(Qwen2);
        var starcoder = Steps(SingleNumber, gpt2Core);
        var bloom = Steps(BloomWords);
        var table = new Dictionary<string, SplitPattern[]>(StringComparer.Ordinal)
        {
            [DefaultName] = Steps(PunctuationRuns, gpt2Core, NumberRuns, ThreeAsciiDigits),
            ["deepseek-llm"] = Steps(SingleNewline, DeepSeekLetters, DeepSeekPunctuation, TrailingWhitespace, CjkRuns, NumberRuns),
            ["deepseek-coder"] = Steps(SingleNewline, SpacedLetters, SpacedPunctuation, CjkRuns, SingleNumber),
            ["falcon"] = Steps(FalconPunctuationRuns, gpt2Core, ThreeAsciiDigits),
            ["viking"] = Steps(BloomWords, SingleNumber),
        };
        foreach (var name in new[] { "gpt-2", "phi-2", "jina-es", "jina-de", "jina-v1-en", "jina-v2-es", "jina-v2-de", "jina-v2-code", "roberta-bpe", "mpt", "olmo", "jais", "gigachat" })
            table[name] = gpt2;
        foreach (var name in new[] { "llama3", "llama-v3", "llama-bpe", "falcon3", "dbrx", "smaug-bpe" })
            table[name] = llama3;
        foreach (var name in new[] { "qwen2", "stablelm2", "deepseek-r1-qwen", "megrez" })
            table[name] = qwen2;
        foreach (var name in new[] { "starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b" })
            table[name] = starcoder;
        foreach (var name in new[] { "bloom", "poro-chat", "gpt3-finnish" })
            table[name] = bloom;
        return table;
    }

    /// <summary>Whether the pre-tokenizer emits a piece that is itself a token without merging (llama.cpp's ignore_merges).</summary>
    internal static bool IgnoresMerges(string name) =>
        name is "llama3" or "llama-v3" or "llama-bpe" or "falcon3";

    private sealed class Scratch
    {
        private char[] _plain = new char[256];

        public CodePointView View { get; } = new();

        public List<(int Start, int Length)> Current { get; set; } = [];

        public List<(int Start, int Length)> Next { get; set; } = [];

        public List<(int Index, int Length)> Matches { get; } = [];

        /// <summary>Non-ASCII whitespace as \v, as llama.cpp feeds patterns without \p{..} classes.</summary>
        public ReadOnlySpan<char> WithAsciiWhitespace(ReadOnlySpan<char> text)
        {
            if (_plain.Length < text.Length) _plain = new char[text.Length];
            var chars = _plain.AsSpan(0, text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                chars[i] = c >= 0x80 && char.IsWhiteSpace(c) ? '\v' : c;
            }
            return chars;
        }
    }
}
