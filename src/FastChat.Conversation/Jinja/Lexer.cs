using System.Globalization;
using System.Text;

namespace FastChat.Conversation.Jinja;

/// <summary>
/// Splits a template into text and tag tokens with Jinja2's whitespace rules as Hugging Face configures them for
/// chat templates: <c>trim_blocks</c> (the newline after a block or comment tag is dropped) and
/// <c>lstrip_blocks</c> (spaces and tabs before a block or comment tag on its line are dropped), plus the
/// explicit <c>-</c> (strip) and <c>+</c> (keep) markers.
/// </summary>
internal sealed class Lexer
{
    private readonly string _source;
    private readonly bool _trimBlocks;
    private readonly bool _lstripBlocks;
    private readonly List<Token> _tokens = [];
    private readonly int[] _lineStarts;
    private int _pos;
    private bool _stripNextText;

    private Lexer(string source, bool trimBlocks, bool lstripBlocks)
    {
        _source = source;
        _trimBlocks = trimBlocks;
        _lstripBlocks = lstripBlocks;
        var starts = new List<int> { 0 };
        for (var i = 0; i < source.Length; i++) if (source[i] == '\n') starts.Add(i + 1);
        _lineStarts = [.. starts];
    }

    public static List<Token> Tokenize(string source, bool trimBlocks, bool lstripBlocks)
    {
        var lexer = new Lexer(source, trimBlocks, lstripBlocks);
        lexer.Run();
        return lexer._tokens;
    }

    private void Run()
    {
        while (_pos < _source.Length)
        {
            var tagStart = FindTagStart(_pos);
            var text = _source[_pos..tagStart];
            var textStart = _pos;
            if (_stripNextText) { text = text.TrimStart(); _stripNextText = false; }
            if (tagStart == _source.Length)
            {
                Emit(TokenKind.Text, text, textStart);
                _pos = tagStart;
                break;
            }

            var opener = _source[tagStart + 1];
            var marker = tagStart + 2 < _source.Length ? _source[tagStart + 2] : '\0';
            if (marker == '-') text = text.TrimEnd();
            else if (marker != '+' && _lstripBlocks && opener is '%' or '#') text = LstripBeforeTag(text, textStart);
            Emit(TokenKind.Text, text, textStart);

            _pos = tagStart + 2 + (marker is '-' or '+' ? 1 : 0);
            switch (opener)
            {
                case '#': SkipComment(tagStart); break;
                case '{': LexTag(tagStart, TokenKind.VariableBegin, TokenKind.VariableEnd, '}'); break;
                default: LexTag(tagStart, TokenKind.BlockBegin, TokenKind.BlockEnd, '%'); break;
            }
        }
        _tokens.Add(new Token(TokenKind.EndOfFile, "", LineOf(_source.Length), ColumnOf(_source.Length)));
    }

    private int FindTagStart(int from)
    {
        for (var i = _source.IndexOf('{', from); i >= 0 && i + 1 < _source.Length; i = _source.IndexOf('{', i + 1))
            if (_source[i + 1] is '{' or '%' or '#') return i;
        return _source.Length;
    }

    /// <summary>lstrip_blocks: drop the spaces and tabs between the line start and the tag.</summary>
    private string LstripBeforeTag(string text, int textStart)
    {
        var lineStart = text.LastIndexOf('\n') + 1;
        // The text's own start is a line start when it begins the template or follows a newline.
        var atLineStart = lineStart > 0 || textStart == 0 || _source[textStart - 1] == '\n';
        if (!atLineStart || lineStart == text.Length) return text;
        for (var i = lineStart; i < text.Length; i++)
            if (!char.IsWhiteSpace(text[i])) return text;
        return text[..lineStart];
    }

    private void SkipComment(int tagStart)
    {
        var end = _source.IndexOf("#}", _pos, StringComparison.Ordinal);
        if (end < 0) throw Error("comment is not closed with '#}'", "comment", tagStart);
        var strip = end > _pos && _source[end - 1] == '-';
        var keep = end > _pos && _source[end - 1] == '+';
        _pos = end + 2;
        AfterBlockEnd(strip, keep);
    }

    private void AfterBlockEnd(bool strip, bool keep)
    {
        if (strip) _stripNextText = true;
        else if (_trimBlocks && !keep && _pos < _source.Length && _source[_pos] == '\n') _pos++;
        else if (_trimBlocks && !keep && _pos + 1 < _source.Length && _source[_pos] == '\r' && _source[_pos + 1] == '\n') _pos += 2;
    }

    private void LexTag(int tagStart, TokenKind begin, TokenKind end, char closer)
    {
        Emit(begin, _source.Substring(tagStart, 2), tagStart, keepEmpty: true);
        var tokensBefore = _tokens.Count;
        while (true)
        {
            SkipWhitespace();
            if (_pos >= _source.Length)
                throw Error($"tag is not closed with '{closer}}}'", begin == TokenKind.BlockBegin ? "block tag" : "expression", tagStart);
            var c = _source[_pos];
            if (c is '-' or '+' && At(_pos + 1, closer) && At(_pos + 2, '}'))
            {
                Emit(end, "" + closer + '}', _pos, keepEmpty: true);
                _pos += 3;
                if (begin == TokenKind.BlockBegin) AfterBlockEnd(strip: c == '-', keep: c == '+');
                else if (c == '-') _stripNextText = true;
                break;
            }
            if (c == closer && At(_pos + 1, '}'))
            {
                Emit(end, "" + closer + '}', _pos, keepEmpty: true);
                _pos += 2;
                if (begin == TokenKind.BlockBegin) AfterBlockEnd(strip: false, keep: false);
                break;
            }
            LexExpressionToken();
        }

        // {% raw %} ... {% endraw %}: the body is text, whatever it holds.
        if (begin == TokenKind.BlockBegin && _tokens.Count == tokensBefore + 2 && _tokens[tokensBefore].IsName("raw"))
        {
            _tokens.RemoveRange(tokensBefore - 1, 3);
            LexRawBody(tagStart);
        }
    }

    private void LexRawBody(int tagStart)
    {
        var search = _pos;
        while (true)
        {
            var open = _source.IndexOf("{%", search, StringComparison.Ordinal);
            if (open < 0) throw Error("raw block is not closed with '{% endraw %}'", "tag 'raw'", tagStart);
            var i = open + 2;
            var stripBefore = At(i, '-');
            if (At(i, '-') || At(i, '+')) i++;
            while (i < _source.Length && char.IsWhiteSpace(_source[i])) i++;
            if (string.CompareOrdinal(_source, i, "endraw", 0, 6) != 0) { search = open + 2; continue; }
            i += 6;
            while (i < _source.Length && char.IsWhiteSpace(_source[i])) i++;
            var stripAfter = At(i, '-');
            if (At(i, '-') || At(i, '+')) i++;
            if (!At(i, '%') || !At(i + 1, '}')) { search = open + 2; continue; }
            var body = _source[_pos..open];
            if (_stripNextText) { body = body.TrimStart(); _stripNextText = false; }
            if (stripBefore) body = body.TrimEnd();
            Emit(TokenKind.Text, body, _pos);
            _pos = i + 2;
            AfterBlockEnd(stripAfter, keep: false);
            return;
        }
    }

    private void SkipWhitespace()
    {
        while (_pos < _source.Length && char.IsWhiteSpace(_source[_pos])) _pos++;
    }

    private bool At(int index, char c) => index < _source.Length && _source[index] == c;

    private void LexExpressionToken()
    {
        var start = _pos;
        var c = _source[_pos];
        if (char.IsLetter(c) || c == '_')
        {
            while (_pos < _source.Length && (char.IsLetterOrDigit(_source[_pos]) || _source[_pos] == '_')) _pos++;
            Emit(TokenKind.Name, _source[start.._pos], start, keepEmpty: true);
            return;
        }
        if (char.IsAsciiDigit(c))
        {
            LexNumber(start);
            return;
        }
        if (c is '\'' or '"')
        {
            Emit(TokenKind.String, LexString(c, start), start, keepEmpty: true);
            return;
        }
        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(_source, _pos, op, 0, op.Length) == 0)
            {
                _pos += op.Length;
                Emit(TokenKind.Operator, op, start, keepEmpty: true);
                return;
            }
        }
        throw Error($"unexpected character '{c}'", "expression", start);
    }

    private static readonly string[] Operators =
        ["**", "//", "==", "!=", ">=", "<=", "+", "-", "*", "/", "%", "~", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ".", ":", "|"];

    private void LexNumber(int start)
    {
        var isFloat = false;
        while (_pos < _source.Length && (char.IsAsciiDigit(_source[_pos]) || _source[_pos] == '_')) _pos++;
        if (_pos + 1 < _source.Length && _source[_pos] == '.' && char.IsAsciiDigit(_source[_pos + 1]))
        {
            isFloat = true;
            _pos++;
            while (_pos < _source.Length && (char.IsAsciiDigit(_source[_pos]) || _source[_pos] == '_')) _pos++;
        }
        if (_pos < _source.Length && _source[_pos] is 'e' or 'E')
        {
            var save = _pos;
            _pos++;
            if (_pos < _source.Length && _source[_pos] is '+' or '-') _pos++;
            if (_pos < _source.Length && char.IsAsciiDigit(_source[_pos]))
            {
                isFloat = true;
                while (_pos < _source.Length && char.IsAsciiDigit(_source[_pos])) _pos++;
            }
            else _pos = save;
        }
        var text = _source[start.._pos].Replace("_", "");
        Emit(isFloat ? TokenKind.Float : TokenKind.Integer, text, start, keepEmpty: true);
    }

    /// <summary>A quoted string with Python's escapes (\n, \t, \\, \', \", \xHH, \uHHHH; others kept as written).</summary>
    private string LexString(char quote, int start)
    {
        var result = new StringBuilder();
        _pos++;
        while (true)
        {
            if (_pos >= _source.Length) throw Error("string is not closed", "string literal", start);
            var c = _source[_pos++];
            if (c == quote) return result.ToString();
            if (c != '\\' || _pos >= _source.Length) { result.Append(c); continue; }
            var e = _source[_pos++];
            switch (e)
            {
                case 'n': result.Append('\n'); break;
                case 't': result.Append('\t'); break;
                case 'r': result.Append('\r'); break;
                case '0': result.Append('\0'); break;
                case 'b': result.Append('\b'); break;
                case 'f': result.Append('\f'); break;
                case '\\': result.Append('\\'); break;
                case '\'': result.Append('\''); break;
                case '"': result.Append('"'); break;
                case '\n': break; // line continuation
                case 'x' when _pos + 2 <= _source.Length && IsHex(_pos, 2):
                    result.Append((char)int.Parse(_source.AsSpan(_pos, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    _pos += 2;
                    break;
                case 'u' when _pos + 4 <= _source.Length && IsHex(_pos, 4):
                    result.Append((char)int.Parse(_source.AsSpan(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    _pos += 4;
                    break;
                default: result.Append('\\').Append(e); break;
            }
        }
    }

    private bool IsHex(int from, int count)
    {
        for (var i = from; i < from + count; i++) if (!char.IsAsciiHexDigit(_source[i])) return false;
        return true;
    }

    private void Emit(TokenKind kind, string value, int offset, bool keepEmpty = false)
    {
        if (value.Length == 0 && !keepEmpty) return;
        _tokens.Add(new Token(kind, value, LineOf(offset), ColumnOf(offset)));
    }

    private int LineOf(int offset)
    {
        var index = Array.BinarySearch(_lineStarts, offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    private int ColumnOf(int offset) => offset - _lineStarts[LineOf(offset) - 1] + 1;

    private TemplateException Error(string message, string construct, int offset) =>
        new(message, construct, LineOf(offset), ColumnOf(offset));
}
