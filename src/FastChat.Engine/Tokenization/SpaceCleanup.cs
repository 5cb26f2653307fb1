namespace FastChat.Engine.Tokenization;

/// <summary>
/// llama.cpp's clean_spaces passes over detokenized text (Hugging Face's clean_up_tokenization_spaces): drop the
/// space before ? ! . , ; turn " ' " into "'"; drop the space before 's 'm 're 've. Lossy by design.
/// </summary>
internal static class SpaceCleanup
{
    public static string Apply(string text)
    {
        if (text.Length < 2) return text;
        var chars = text.ToCharArray();
        var length = DropSpaceBeforePunctuation(chars, chars.Length);
        length = CollapseSpacedApostrophes(chars, length);
        length = DropSpaceBeforeContractions(chars, length);
        return new string(chars, 0, length);
    }

    private static int DropSpaceBeforePunctuation(char[] text, int length)
    {
        var kept = 1;
        for (var i = 1; i < length; i++)
        {
            var c = text[i];
            if (text[i - 1] == ' ' && c is '?' or '!' or '.' or ',') kept--;
            text[kept++] = c;
        }
        return kept;
    }

    private static int CollapseSpacedApostrophes(char[] text, int length)
    {
        var kept = 1;
        for (var i = 1; i < length; i++)
        {
            var c = text[i];
            if (c == '\'' && i + 1 < length && text[i - 1] == ' ' && text[i + 1] == ' ')
            {
                kept--;          // the space before
                text[++i] = '\0'; // and skip the space after (it may not count as a space for the next check)
            }
            text[kept++] = c;
        }
        return kept;
    }

    private static int DropSpaceBeforeContractions(char[] text, int length)
    {
        var kept = 1;
        for (var i = 1; i < length; i++)
        {
            var c = text[i];
            if (text[i - 1] == ' ' && c == '\'' && i + 1 < length)
            {
                var next = text[i + 1];
                if (next is 's' or 'm') kept--;
                else if (i + 2 < length && ((next == 'r' && text[i + 2] == 'e') || (next == 'v' && text[i + 2] == 'e'))) kept--;
            }
            text[kept++] = c;
        }
        return kept;
    }
}
