using System.Text;
using FastChat.Engine.Sampling;

namespace FastChat.Engine.Tests.Sampling;

public class StopSequenceMatcherTests
{
    /// <summary>Feeds the deltas; returns everything emitted (Flush included when no stop) and the stop, if any.</summary>
    private static (string Emitted, string? Stop) Feed(IReadOnlyList<string> stops, params string[] deltas)
    {
        var matcher = new StopSequenceMatcher(stops);
        var emitted = new StringBuilder();
        foreach (var delta in deltas)
        {
            var match = matcher.Append(delta);
            emitted.Append(match.Text);
            if (match.Stopped) return (emitted.ToString(), match.StopSequence);
        }
        return (emitted.Append(matcher.Flush()).ToString(), null);
    }

    [Fact]
    public void Holds_back_a_possible_stop_prefix_and_releases_it_when_it_diverges()
    {
        var matcher = new StopSequenceMatcher(["###"]);
        Assert.Equal(new StopMatch("Hello ", false, null), matcher.Append("Hello #"));
        Assert.Equal(new StopMatch("", false, null), matcher.Append("#"));
        Assert.Equal(new StopMatch("##x", false, null), matcher.Append("x"));
        Assert.Equal("", matcher.Flush());
    }

    [Fact]
    public void A_stop_split_across_deltas_is_found_and_never_emitted()
    {
        Assert.Equal(("Answer: 42", "</s>"), Feed(["</s>"], "Answer: 4", "2<", "/", "s", "> trailing"));
        Assert.Equal(("", "STOP"), Feed(["STOP"], "S", "T", "O", "P"));
    }

    [Fact]
    public void Text_held_back_at_the_end_is_flushed()
    {
        var matcher = new StopSequenceMatcher(["\nUser:"]);
        Assert.Equal("abc", matcher.Append("abc\nUs").Text);
        Assert.Equal("\nUs", matcher.Flush());
        Assert.False(matcher.IsStopped);
    }

    [Fact]
    public void With_several_stops_the_first_to_complete_wins()
    {
        // "CD" completes before "ABCDEF" would, whatever the chunking.
        Assert.Equal(("xxAB", "CD"), Feed(["ABCDEF", "CD"], "xxABCDEF"));
        Assert.Equal(("xxAB", "CD"), Feed(["ABCDEF", "CD"], "xxA", "BC", "DEF"));
        // Ending at the same character, the longer one wins.
        Assert.Equal(("x", "ABC"), Feed(["BC", "ABC"], "xABC"));
        Assert.Equal(("x", "ABC"), Feed(["BC", "ABC"], "xA", "BC"));
    }

    [Fact]
    public void Overlapping_stops_and_self_overlap_are_matched()
    {
        // "aab" inside "aaab": the first 'a' is released once it cannot start the stop.
        Assert.Equal(("a", "aab"), Feed(["aab"], "a", "a", "a", "b"));
        Assert.Equal(("ab", "abac"), Feed(["abac"], "ab", "a", "b", "ac"));
        Assert.Equal(("", "abab"), Feed(["abab"], "ab", "a", "b", "ab"));
        Assert.Equal(("no stop here", null), Feed(["stop!", "top?"], "no st", "op here"));
    }

    [Fact]
    public void Unicode_stops_and_surrogate_pairs()
    {
        Assert.Equal(("日本", "語。"), Feed(["語。"], "日本語", "。続き"));
        Assert.Equal(("smile ", "😀!"), Feed(["😀!"], "smile \uD83D", "\uDE00", "!"));
        // A high surrogate at the end of a delta is not emitted alone, even when no stop starts with it.
        var matcher = new StopSequenceMatcher(["zz"]);
        Assert.Equal("a", matcher.Append("a\uD83D").Text);
        Assert.Equal("\uD83D\uDE00b", matcher.Append("\uDE00b").Text);
    }

    [Fact]
    public void After_a_stop_further_input_is_ignored()
    {
        var matcher = new StopSequenceMatcher(["END"]);
        Assert.Equal(new StopMatch("done", true, "END"), matcher.Append("doneEND more"));
        Assert.Equal(new StopMatch("", true, "END"), matcher.Append("even more"));
        Assert.Equal("", matcher.Flush());
    }

    [Fact]
    public void No_stops_passes_text_straight_through()
    {
        var matcher = new StopSequenceMatcher([]);
        Assert.Equal(new StopMatch("abc", false, null), matcher.Append("abc"));
    }

    [Fact]
    public void Empty_stop_strings_are_rejected()
    {
        Assert.Equal("stop", Assert.Throws<ArgumentException>(() => new StopSequenceMatcher(["ok", ""])).ParamName);
    }

    [Fact]
    public void Any_chunking_gives_the_same_result_as_one_delta()
    {
        var random = new Random(5);
        string[] stops = ["\n\nUser:", "ab", "bba", "Ωx", "</s>"];
        const string alphabet = "ab \nUser:Ωx</s>";
        for (var trial = 0; trial < 2000; trial++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 30)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var whole = Feed(stops, text);
            var cuts = new List<string>();
            for (var at = 0; at < text.Length;)
            {
                var length = Math.Min(random.Next(0, 5), text.Length - at);
                cuts.Add(text.Substring(at, length));
                at += length;
            }
            Assert.Equal(whole, Feed(stops, [.. cuts]));
            // And the emitted text is the input up to the earliest-ending stop.
            var firstEnd = stops.Select(s => (s, i: text.IndexOf(s, StringComparison.Ordinal))).Where(t => t.i >= 0)
                .OrderBy(t => t.i + t.s.Length).ThenBy(t => t.i).FirstOrDefault();
            Assert.Equal(firstEnd.s is null ? (text, null) : (text[..firstEnd.i], firstEnd.s), whole);
        }
    }
}
