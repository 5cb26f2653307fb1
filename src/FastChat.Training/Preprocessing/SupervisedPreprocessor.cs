using FastChat.Conversation;
using FastChat.Data;
using FastChat.Engine.Tokenization;

namespace FastChat.Training.Preprocessing;

/// <summary>
/// FastChat's <c>preprocess</c> for supervised fine-tuning, for any FastChat template: renders each conversation
/// (roles human/gpt mapped to the template's), tokenizes it (BOS, control tokens in the text parsed), pads or truncates to
/// <c>modelMaxLength</c>, and labels only assistant tokens — BOS, system prompt, user turns and padding get
/// <see cref="IgnoreIndex"/>. Assistant tokens are found from where each token's text lies in the prompt.
/// <para>
/// FastChat also counts the tokens of each instruction and turn separately (with a "- 2" offset written for Llama's
/// tokenizer) and masks the whole sample when that count disagrees with the real tokenization. The same check is made
/// here with offsets measured on our tokenizer (<see cref="SegmentCounter"/>): a disagreement masks the sample and warns
/// <c>tokenization mismatch: X vs. Y</c>.
/// </para>
/// </summary>
public sealed class SupervisedPreprocessor
{
    /// <summary>The label of a token the loss ignores (PyTorch's cross-entropy default).</summary>
    public const int IgnoreIndex = -100;

    private readonly Tokenizer _tokenizer;
    private readonly ConversationTemplate _template;
    private readonly SegmentCounter _counter;
    private readonly Action<string> _warn;

    /// <param name="tokenizer">The model's tokenizer.</param>
    /// <param name="template">The conversation template; vicuna_v1.1 when null.</param>
    /// <param name="modelMaxLength">Every sample is padded or truncated to this many tokens.</param>
    /// <param name="warn">Receives warnings (mismatches); standard error when null.</param>
    public SupervisedPreprocessor(Tokenizer tokenizer, ConversationTemplate? template = null, int modelMaxLength = 2048, Action<string>? warn = null)
    {
        _tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        _template = template ?? ConversationTemplates.Get("vicuna_v1.1");
        ModelMaxLength = modelMaxLength > 0 ? modelMaxLength : throw new ArgumentOutOfRangeException(nameof(modelMaxLength));
        _warn = warn ?? (message => Console.Error.WriteLine("WARNING: " + message));
        PadId = tokenizer.SpecialTokens.Padding is { } pad && pad >= 0 ? pad : Math.Max(0, tokenizer.SpecialTokens.Unknown ?? 0);
        _counter = SegmentCounter.Measure(tokenizer, _template);
    }

    /// <summary>Length of every output sample.</summary>
    public int ModelMaxLength { get; }

    /// <summary>The padding id: the tokenizer's, else its unknown token (as FastChat sets <c>pad_token = unk_token</c>).</summary>
    public int PadId { get; }

    /// <summary>The template in use.</summary>
    public ConversationTemplate Template => _template;

    /// <summary>Preprocesses every conversation.</summary>
    public List<TokenizedSample> Preprocess(IEnumerable<ShareGptSample> conversations) => conversations.Select(Preprocess).ToList();

    /// <summary>Preprocesses one conversation.</summary>
    /// <exception cref="ArgumentException">The roles do not alternate human/gpt.</exception>
    public TokenizedSample Preprocess(ShareGptSample conversation)
    {
        var segments = PromptSegments.Build(conversation.Conversations, _template)
            ?? throw new ArgumentException($"{conversation.Id}: template '{_template.Name}' does not render turn by turn as prefixes; cannot locate the answers");
        var ids = _tokenizer.Encode(segments.Prompt, addSpecialTokens: true, parseSpecial: true);
        var labels = Enumerable.Repeat(IgnoreIndex, ids.Length).ToArray();
        var masked = false;
        var starts = TokenAlignment.Starts(_tokenizer, ids, segments.Prompt);
        if (starts is null)
        {
            masked = true;
            _warn($"{conversation.Id}: the tokens do not spell the prompt; sample ignored");
        }
        else
        {
            var byteTargets = segments.Targets
                .Select(t => (TokenAlignment.ByteOffset(segments.Prompt, t.Start), TokenAlignment.ByteOffset(segments.Prompt, t.End))).ToList();
            var firstText = _tokenizer.AddBos && ids.Length > 0 && ids[0] == _tokenizer.SpecialTokens.Bos ? 1 : 0;
            for (var k = firstText; k < ids.Length; k++)
                if (byteTargets.Any(t => starts[k] >= t.Item1 && starts[k] < t.Item2)) labels[k] = ids[k];
            var counted = _counter.Count(segments);
            if (ids.Length < ModelMaxLength && counted != ids.Length)
            {
                Array.Fill(labels, IgnoreIndex);
                masked = true;
                _warn($"tokenization mismatch: {counted} vs. {ids.Length}. #turn = {segments.Targets.Count}. (ignored) [{conversation.Id}]");
            }
        }
        return Fit(ids, labels, segments.Prompt, masked);
    }

    /// <summary>Truncates or right-pads to <see cref="ModelMaxLength"/>.</summary>
    private TokenizedSample Fit(int[] ids, int[] labels, string prompt, bool masked)
    {
        var length = Math.Min(ids.Length, ModelMaxLength);
        var paddedIds = new int[ModelMaxLength];
        var paddedLabels = new int[ModelMaxLength];
        var attention = new bool[ModelMaxLength];
        Array.Fill(paddedIds, PadId);
        Array.Fill(paddedLabels, IgnoreIndex);
        ids.AsSpan(0, length).CopyTo(paddedIds);
        labels.AsSpan(0, length).CopyTo(paddedLabels);
        attention.AsSpan(0, length).Fill(true);
        return new TokenizedSample(paddedIds, paddedLabels, attention, prompt, masked);
    }
}
