namespace FastChat.Gguf;

/// <summary>
/// Writes GGUF files: header, metadata in the order given, tensor infos, then each tensor's data at the next
/// multiple of the alignment, zero-padded. Tensor data is streamed from callbacks, so files larger than
/// memory can be written. <see cref="WriteFile"/> writes to a temporary file and renames it, so a failed
/// write never leaves a partial file behind.
/// </summary>
public sealed class GgufWriter
{
    /// <summary>Writes exactly <paramref name="tensor"/>'s <see cref="GgufTensorInfo.ByteSize"/> bytes to the destination.</summary>
    public delegate void TensorDataSource(GgufTensorInfo tensor, Stream destination);

    private readonly List<(GgufTensorInfo Info, TensorDataSource Source)> _tensors = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private long _nextOffset;

    public GgufWriter(GgufMetadata? metadata = null, uint version = 3)
    {
        if (version is not (2 or 3)) throw new ArgumentOutOfRangeException(nameof(version), version, "GGUF versions 2 and 3 can be written.");
        Metadata = metadata ?? new GgufMetadata();
        Version = version;
    }

    public GgufMetadata Metadata { get; }

    public uint Version { get; }

    public IReadOnlyList<GgufTensorInfo> Tensors => _tensors.Select(t => t.Info).ToList();

    /// <summary>
    /// Pad the header to the alignment even when there are no tensors. Tools differ here for vocabulary-only
    /// files; the copy of an existing file keeps what that file did.
    /// </summary>
    public bool PadEmptyDataSection { get; set; } = true;

    /// <summary>general.alignment when set, else 32.</summary>
    public uint Alignment => Metadata.TryGetValue(GgufKeys.Alignment, out var value) ? value.AsUInt32() : GgufParser.DefaultAlignment;

    /// <summary>Adds a tensor; its data offset is the next aligned position after the previous tensor.</summary>
    public GgufTensorInfo AddTensor(string name, GgmlType type, IReadOnlyList<long> dimensions, TensorDataSource source)
    {
        if (!_names.Add(name)) throw new ArgumentException($"Tensor '{name}' was already added.", nameof(name));
        var offset = GgufParser.AlignUp(_nextOffset, Alignment);
        var info = new GgufTensorInfo(name, type, dimensions, offset);
        _tensors.Add((info, source));
        _nextOffset = offset + info.ByteSize;
        return info;
    }

    public GgufTensorInfo AddTensor(string name, GgmlType type, IReadOnlyList<long> dimensions, ReadOnlyMemory<byte> data) =>
        AddTensor(name, type, dimensions, (_, stream) => stream.Write(data.Span));

    /// <summary>
    /// A writer that reproduces <paramref name="source"/>: same version, metadata, tensors and data. The
    /// source must stay open until the copy is written.
    /// </summary>
    public static GgufWriter CopyOf(GgufFile source)
    {
        var metadata = new GgufMetadata();
        foreach (var (key, value) in source.Metadata) metadata.Set(key, value);
        var writer = new GgufWriter(metadata, source.Version)
        {
            PadEmptyDataSection = source.Tensors.Count > 0 || source.Length >= source.DataOffset,
        };
        foreach (var tensor in source.Tensors)
            writer.AddTensor(tensor.Name, tensor.Type, tensor.Dimensions, (_, stream) => stream.Write(source.GetTensorData(tensor)));
        return writer;
    }

    public void WriteTo(Stream destination)
    {
        if (Metadata.TryGetValue(GgufKeys.Alignment, out var alignmentValue) && alignmentValue.Type != GgufValueType.UInt32)
            throw new InvalidOperationException($"{GgufKeys.Alignment} must be a u32.");
        var alignment = Alignment;
        if (alignment == 0 || (alignment & (alignment - 1)) != 0)
            throw new InvalidOperationException($"{GgufKeys.Alignment} {alignment} is not a power of two.");
        if (_tensors.Any(t => t.Info.Offset % alignment != 0))
            throw new InvalidOperationException($"{GgufKeys.Alignment} changed after tensors were added.");

        var output = new CountingStream(destination);
        using (var writer = new BinaryWriter(output, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(GgufParser.Magic);
            writer.Write(Version);
            writer.Write((ulong)_tensors.Count);
            writer.Write((ulong)Metadata.Count);
            foreach (var (key, value) in Metadata)
            {
                GgufValue.String(key).WriteTo(writer);
                writer.Write((uint)value.Type);
                value.WriteTo(writer);
            }
            foreach (var (info, _) in _tensors)
            {
                GgufValue.String(info.Name).WriteTo(writer);
                writer.Write((uint)info.Dimensions.Count);
                foreach (var d in info.Dimensions) writer.Write((ulong)d);
                writer.Write((uint)info.Type);
                writer.Write((ulong)info.Offset);
            }
        }

        if (_tensors.Count == 0 && !PadEmptyDataSection) return;
        PadTo(output, GgufParser.AlignUp(output.Written, alignment));
        var dataStart = output.Written;
        foreach (var (info, source) in _tensors)
        {
            PadTo(output, dataStart + info.Offset);
            var before = output.Written;
            source(info, output);
            var written = output.Written - before;
            if (written != info.ByteSize)
                throw new InvalidOperationException($"Tensor '{info.Name}' needs {info.ByteSize} bytes but its source wrote {written}.");
        }
        PadTo(output, GgufParser.AlignUp(output.Written, alignment));
    }

    /// <summary>Writes to <paramref name="path"/> through a temporary file in the same folder, renamed at the end.</summary>
    public void WriteFile(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var temporary = fullPath + $".{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                WriteTo(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>A source of all-zero data (valid for float and block-quantized types alike): shape-only files for speed tests.</summary>
    public static void WriteZeros(GgufTensorInfo tensor, Stream destination)
    {
        var zeros = new byte[(int)Math.Min(tensor.ByteSize, 1 << 20)];
        for (var left = tensor.ByteSize; left > 0; left -= zeros.Length)
            destination.Write(zeros, 0, (int)Math.Min(left, zeros.Length));
    }

    private static void PadTo(CountingStream output, long position)
    {
        Span<byte> zeros = stackalloc byte[256];
        zeros.Clear();
        while (output.Written < position)
            output.Write(zeros[..(int)Math.Min(zeros.Length, position - output.Written)]);
    }

    /// <summary>Forwards writes and counts them, so offsets work on non-seekable destinations.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Written { get; private set; }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            Written += buffer.Length;
        }

        public override void WriteByte(byte value)
        {
            inner.WriteByte(value);
            Written++;
        }

        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Written; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
