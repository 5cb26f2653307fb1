using System.Diagnostics;

namespace FastChat.Gguf;

/// <summary>
/// An open GGUF file (v2 or v3). Opening maps the file read-only and parses only the header: tensor data is
/// never copied and is read straight from the mapping. Dispose releases the mapping; spans and pointers
/// obtained from it must not be used afterwards.
/// </summary>
public sealed unsafe class GgufFile : IDisposable
{
    private readonly GgufStorage _storage;
    private readonly Dictionary<string, GgufTensorInfo> _tensorsByName;
    private ModelHyperParameters? _hyperParameters;
    private bool _disposed;

    private GgufFile(GgufStorage storage, string? path)
    {
        _storage = storage;
        Path = path;
        try
        {
            if (!BitConverter.IsLittleEndian)
                throw new PlatformNotSupportedException("GGUF reading needs a little-endian machine.");
            var header = GgufParser.Parse(storage.Pointer, storage.Length);
            Version = header.Version;
            Alignment = header.Alignment;
            DataOffset = header.DataOffset;
            Metadata = header.Metadata;
            Tensors = header.Tensors;
            _tensorsByName = Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        }
        catch
        {
            storage.Dispose();
            throw;
        }
    }

    /// <summary>Maps and parses <paramref name="path"/>. Throws <see cref="GgufFormatException"/> for malformed files.</summary>
    public static GgufFile Open(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        return new GgufFile(GgufStorage.Map(fullPath), fullPath);
    }

    /// <summary>Parses a GGUF image held in memory (the array is pinned, not copied, until Dispose).</summary>
    public static GgufFile FromBytes(byte[] bytes) => new(GgufStorage.Pin(bytes), null);

    /// <summary>
    /// True when the tensor data is a read-only mapping of the file (not an in-memory image): its pages may be
    /// released from the process and are read back from the file on the next touch.
    /// </summary>
    public bool IsFileMapping => _storage.IsFileMapping;

    /// <summary>Full path of the file, or null for an in-memory image.</summary>
    public string? Path { get; }

    public uint Version { get; }

    public uint Alignment { get; }

    /// <summary>Absolute file offset where tensor data begins.</summary>
    public long DataOffset { get; }

    public long Length => _storage.Length;

    public GgufMetadata Metadata { get; }

    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    /// <summary>The architecture hyper-parameters (throws if general.architecture is missing).</summary>
    public ModelHyperParameters HyperParameters => _hyperParameters ??= ModelHyperParameters.FromMetadata(Metadata);

    public GgufTokenizerInfo? Tokenizer => GgufTokenizerInfo.FromMetadata(Metadata);

    public bool TryGetTensor(string name, out GgufTensorInfo tensor) => _tensorsByName.TryGetValue(name, out tensor!);

    public GgufTensorInfo GetTensor(string name) =>
        _tensorsByName.TryGetValue(name, out var tensor)
            ? tensor
            : throw new KeyNotFoundException($"Tensor '{name}' is not in {Path ?? "this GGUF image"}.");

    /// <summary>The tensor's bytes, read in place from the mapping (tensors over 2 GiB: use <see cref="GetTensorPointer"/>).</summary>
    public ReadOnlySpan<byte> GetTensorData(GgufTensorInfo tensor)
    {
        var pointer = GetTensorPointer(tensor);
        if (tensor.ByteSize > int.MaxValue)
            throw new NotSupportedException($"Tensor '{tensor.Name}' is {tensor.ByteSize} bytes; use GetTensorPointer.");
        return new ReadOnlySpan<byte>((void*)pointer, (int)tensor.ByteSize);
    }

    /// <summary>Address of the tensor's first byte; valid until this file is disposed.</summary>
    public nint GetTensorPointer(GgufTensorInfo tensor)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_tensorsByName.TryGetValue(tensor.Name, out var own) || !ReferenceEquals(own, tensor))
            throw new ArgumentException($"Tensor '{tensor.Name}' does not belong to this file.", nameof(tensor));
        Debug.Assert(DataOffset + tensor.Offset + tensor.ByteSize <= Length);
        return (nint)(_storage.Pointer + DataOffset + tensor.Offset);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _storage.Dispose();
    }
}
