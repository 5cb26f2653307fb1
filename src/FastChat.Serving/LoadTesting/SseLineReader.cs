namespace FastChat.Serving.LoadTesting;

/// <summary>
/// Reads an event stream line by line as raw UTF-8 (LF or CRLF), so chunk arrival is timed when its line is
/// complete and no text decoding happens for lines that are skipped.
/// </summary>
internal sealed class SseLineReader(Stream stream)
{
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    /// <summary>The next line without its terminator, or null at the end of the stream (a last unterminated line is returned first).</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var length = newline - _start;
                if (length > 0 && _buffer[newline - 1] == (byte)'\r') length--;
                var line = new ReadOnlyMemory<byte>(_buffer, _start, length);
                _start = newline + 1;
                return line;
            }
            Compact();
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (_end == _start) return null;
                var rest = new ReadOnlyMemory<byte>(_buffer, _start, _end - _start);
                _start = _end;
                return rest;
            }
            _end += read;
        }
    }

    // Moves the unread bytes to the front (the returned line is consumed by then) and grows for long lines.
    private void Compact()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            var bigger = new byte[_buffer.Length * 2];
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            _buffer = bigger;
        }
    }
}
