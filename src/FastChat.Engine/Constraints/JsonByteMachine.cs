namespace FastChat.Engine.Constraints;

/// <summary>
/// A byte-at-a-time JSON (RFC 8259) recogniser: <see cref="Feed"/> says whether the text so far is still a
/// prefix of a valid JSON document. Strings must be valid UTF-8 (lead/continuation structure) without raw
/// control characters. Nesting is capped at <see cref="MaxDepth"/> and whitespace runs at
/// <see cref="MaxWhitespaceRun"/>, so a constrained model cannot loop forever on blanks.
/// </summary>
public sealed class JsonByteMachine
{
    /// <summary>Deepest nesting of objects and arrays accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>Longest run of whitespace accepted between tokens.</summary>
    public const int MaxWhitespaceRun = 16;

    private const byte InObject = 1, InArray = 2;
    private static readonly byte[] True = "true"u8.ToArray(), False = "false"u8.ToArray(), Null = "null"u8.ToArray();

    private readonly bool _topLevelObjectOnly;
    private readonly byte[] _stack = new byte[MaxDepth];
    private int _depth;
    private State _state = State.Value;
    private int _pending;        // hex digits of \uXXXX, or UTF-8 continuation bytes, still expected
    private byte[]? _literal;    // true / false / null being matched
    private int _literalIndex;
    private bool _stringIsKey;
    private int _whitespaceRun;

    /// <param name="topLevelObjectOnly">The document must be an object (OpenAI's json_object), not any value.</param>
    public JsonByteMachine(bool topLevelObjectOnly) => _topLevelObjectOnly = topLevelObjectOnly;

    private enum State : byte
    {
        Value, ObjectKeyOrEnd, ObjectKey, Colon, ObjectCommaOrEnd, ArrayValueOrEnd, ArrayCommaOrEnd,
        String, StringEscape, StringUnicode, StringUtf8,
        Minus, Zero, IntDigits, Dot, FracDigits, Exponent, ExponentSign, ExponentDigits,
        Literal, Done,
    }

    /// <summary>The top-level value is complete (only whitespace may follow).</summary>
    public bool IsComplete => _state == State.Done;

    /// <summary>Takes <paramref name="other"/>'s state (to probe a token without changing the original).</summary>
    public void CopyFrom(JsonByteMachine other)
    {
        Array.Copy(other._stack, _stack, other._depth);
        _depth = other._depth;
        _state = other._state;
        _pending = other._pending;
        _literal = other._literal;
        _literalIndex = other._literalIndex;
        _stringIsKey = other._stringIsKey;
        _whitespaceRun = other._whitespaceRun;
    }

    /// <summary>Consumes one byte; false (state then undefined) when it cannot continue valid JSON.</summary>
    public bool Feed(byte b)
    {
        switch (_state)
        {
            case State.String: return FeedString(b);
            case State.StringEscape:
                if (b == 'u') { _state = State.StringUnicode; _pending = 4; return true; }
                _state = State.String;
                return b is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t';
            case State.StringUnicode:
                if (!IsHex(b)) return false;
                if (--_pending == 0) _state = State.String;
                return true;
            case State.StringUtf8:
                if ((b & 0xC0) != 0x80) return false;
                if (--_pending == 0) _state = State.String;
                return true;
            case State.Literal:
                if (b != _literal![_literalIndex]) return false;
                if (++_literalIndex == _literal.Length) CompleteValue();
                return true;
            case State.Minus:
                if (b == '0') { _state = State.Zero; return true; }
                if (IsDigit(b)) { _state = State.IntDigits; return true; }
                return false;
            case State.Zero:
                return NumberEndOr(b, b == '.' ? State.Dot : b is (byte)'e' or (byte)'E' ? State.Exponent : null);
            case State.IntDigits:
                if (IsDigit(b)) return true;
                return NumberEndOr(b, b == '.' ? State.Dot : b is (byte)'e' or (byte)'E' ? State.Exponent : null);
            case State.Dot:
                if (!IsDigit(b)) return false;
                _state = State.FracDigits;
                return true;
            case State.FracDigits:
                if (IsDigit(b)) return true;
                return NumberEndOr(b, b is (byte)'e' or (byte)'E' ? State.Exponent : null);
            case State.Exponent:
                if (b is (byte)'+' or (byte)'-') { _state = State.ExponentSign; return true; }
                if (!IsDigit(b)) return false;
                _state = State.ExponentDigits;
                return true;
            case State.ExponentSign:
                if (!IsDigit(b)) return false;
                _state = State.ExponentDigits;
                return true;
            case State.ExponentDigits:
                if (IsDigit(b)) return true;
                return NumberEndOr(b, null);
        }

        // Structural states: whitespace is allowed between tokens (bounded), then the structural byte.
        if (IsWhitespace(b)) return ++_whitespaceRun <= MaxWhitespaceRun;
        _whitespaceRun = 0;
        switch (_state)
        {
            case State.Value: return StartValue(b);
            case State.ArrayValueOrEnd:
                if (b == ']') { Pop(); return true; }
                return StartValue(b);
            case State.ObjectKeyOrEnd:
                if (b == '}') { Pop(); return true; }
                goto case State.ObjectKey;
            case State.ObjectKey:
                if (b != '"') return false;
                _state = State.String;
                _stringIsKey = true;
                return true;
            case State.Colon:
                if (b != ':') return false;
                _state = State.Value;
                return true;
            case State.ObjectCommaOrEnd:
                if (b == ',') { _state = State.ObjectKey; return true; }
                if (b == '}') { Pop(); return true; }
                return false;
            case State.ArrayCommaOrEnd:
                if (b == ',') { _state = State.Value; return true; }
                if (b == ']') { Pop(); return true; }
                return false;
            default: // Done: only whitespace may follow
                return false;
        }
    }

    private bool FeedString(byte b)
    {
        if (b == '"')
        {
            if (_stringIsKey) { _stringIsKey = false; _state = State.Colon; }
            else CompleteValue();
            return true;
        }
        if (b == '\\') { _state = State.StringEscape; return true; }
        if (b < 0x20) return false;
        if (b < 0x80) return true;
        _pending = b switch { >= 0xC2 and <= 0xDF => 1, >= 0xE0 and <= 0xEF => 2, >= 0xF0 and <= 0xF4 => 3, _ => 0 };
        if (_pending == 0) return false;
        _state = State.StringUtf8;
        return true;
    }

    private bool StartValue(byte b)
    {
        if (_depth == 0 && _topLevelObjectOnly && b != '{') return false;
        switch (b)
        {
            case (byte)'{': return Push(InObject, State.ObjectKeyOrEnd);
            case (byte)'[': return Push(InArray, State.ArrayValueOrEnd);
            case (byte)'"': _state = State.String; _stringIsKey = false; return true;
            case (byte)'-': _state = State.Minus; return true;
            case (byte)'0': _state = State.Zero; return true;
            case (byte)'t': return StartLiteral(True);
            case (byte)'f': return StartLiteral(False);
            case (byte)'n': return StartLiteral(Null);
            default:
                if (!IsDigit(b)) return false;
                _state = State.IntDigits;
                return true;
        }
    }

    private bool StartLiteral(byte[] literal)
    {
        _literal = literal;
        _literalIndex = 1;
        _state = State.Literal;
        return true;
    }

    // A number ends at the first byte that cannot extend it; that byte is then read in the enclosing context.
    private bool NumberEndOr(byte b, State? next)
    {
        if (next is { } state) { _state = state; return true; }
        CompleteValue();
        return Feed(b);
    }

    private bool Push(byte container, State next)
    {
        if (_depth == MaxDepth) return false;
        _stack[_depth++] = container;
        _state = next;
        return true;
    }

    private void Pop()
    {
        _depth--;
        CompleteValue();
    }

    private void CompleteValue() =>
        _state = _depth == 0 ? State.Done : _stack[_depth - 1] == InObject ? State.ObjectCommaOrEnd : State.ArrayCommaOrEnd;

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static bool IsHex(byte b) => IsDigit(b) || b is >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
}
