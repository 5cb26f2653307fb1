using FastChat.Conversation;
using FastChat.Engine.Tokenization;

namespace FastChat.Training.Preprocessing;

/// <summary>
/// FastChat's independent token count: BOS, then each instruction and each answer tokenized on its own, minus the
/// tokens a piece tokenized alone has more than in context. FastChat hard-codes that difference for Llama ("- 2", and
/// "- 1" more for non-legacy tokenizers after the first turn); here it is measured once per tokenizer and template on
/// a probe conversation whose in-context token counts are known from the real tokenization.
/// </summary>
internal sealed class SegmentCounter
{
    private readonly Tokenizer _tokenizer;
    private readonly int _bos;
    private readonly int[] _offsets; // extra tokens of: first instruction, later instructions, answers

    private SegmentCounter(Tokenizer tokenizer, int bos, int[] offsets)
    {
        _tokenizer = tokenizer;
        _bos = bos;
        _offsets = offsets;
    }

    /// <summary>The per-kind offsets measured (first instruction, later instructions, answers).</summary>
    public IReadOnlyList<int> Offsets => _offsets;

    /// <summary>Measures the offsets on a two-round probe conversation.</summary>
    public static SegmentCounter Measure(Tokenizer tokenizer, ConversationTemplate template)
    {
        var bos = tokenizer.AddBos ? 1 : 0;
        var probe = PromptSegments.Build(
            [new("human", "Hi there"), new("gpt", "Hello friend"), new("human", "How are you"), new("gpt", "Fine thanks")], template)
            ?? throw new ArgumentException($"template '{template.Name}' does not render turn by turn as prefixes");
        var ids = tokenizer.Encode(probe.Prompt, addSpecialTokens: true, parseSpecial: true);
        var starts = TokenAlignment.Starts(tokenizer, ids, probe.Prompt)
            ?? throw new ArgumentException($"the tokenizer's pieces do not spell template '{template.Name}''s prompt");
        var offsets = new int[3];
        foreach (var (kind, start, end) in Pieces(probe))
        {
            var (byteStart, byteEnd) = (TokenAlignment.ByteOffset(probe.Prompt, start), TokenAlignment.ByteOffset(probe.Prompt, end));
            var inContext = starts.Skip(bos).Count(s => s >= byteStart && s < byteEnd);
            offsets[kind] = Alone(tokenizer, probe.Prompt[start..end]) - inContext;
        }
        return new SegmentCounter(tokenizer, bos, offsets);
    }

    /// <summary>The counted length of a rendered conversation.</summary>
    public int Count(PromptSegments segments) =>
        _bos + Pieces(segments).Sum(p => Alone(_tokenizer, segments.Prompt[p.Start..p.End]) - _offsets[p.Kind]);

    /// <summary>The instructions (text before each answer) and answers, with a kind index; text after the last answer is an instruction.</summary>
    private static IEnumerable<(int Kind, int Start, int End)> Pieces(PromptSegments segments)
    {
        var position = 0;
        for (var i = 0; i < segments.Targets.Count; i++)
        {
            var (start, end) = segments.Targets[i];
            if (start > position) yield return (i == 0 ? 0 : 1, position, start);
            if (end > start) yield return (2, start, end);
            position = end;
        }
        if (position < segments.Prompt.Length) yield return (1, position, segments.Prompt.Length);
    }

    private static int Alone(Tokenizer tokenizer, string text) => tokenizer.CountTokens(text, addSpecialTokens: false, parseSpecial: true);
}
