using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace FastChat.Gguf;

/// <summary>The bytes of a GGUF file at a stable address: a read-only memory map, or a pinned array.</summary>
internal abstract unsafe class GgufStorage : IDisposable
{
    public abstract byte* Pointer { get; }

    public abstract long Length { get; }

    /// <summary>True for a read-only file mapping, whose pages can be dropped and re-read at any time.</summary>
    public abstract bool IsFileMapping { get; }

    public abstract void Dispose();

    public static GgufStorage Map(string path) => new MappedStorage(path);

    public static GgufStorage Pin(byte[] bytes) => new PinnedStorage(bytes);

    private sealed class MappedStorage : GgufStorage
    {
        private readonly MemoryMappedFile? _file;
        private readonly MemoryMappedViewAccessor? _view;
        private readonly byte* _pointer;
        private readonly long _length;

        public MappedStorage(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
            _length = stream.Length;
            if (_length == 0) return; // an empty file cannot be mapped; the parser reports it as truncated
            _file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            try
            {
                _view = _file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
                _view.SafeMemoryMappedViewHandle.AcquirePointer(ref _pointer);
                _pointer += _view.PointerOffset;
            }
            catch
            {
                _view?.Dispose();
                _file.Dispose();
                throw;
            }
        }

        public override byte* Pointer => _pointer;

        public override long Length => _length;

        public override bool IsFileMapping => true;

        public override void Dispose()
        {
            if (_view is null) return;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file!.Dispose();
        }
    }

    private sealed class PinnedStorage(byte[] bytes) : GgufStorage
    {
        private GCHandle _pin = GCHandle.Alloc(bytes, GCHandleType.Pinned);

        public override byte* Pointer => (byte*)_pin.AddrOfPinnedObject();

        public override long Length => bytes.Length;

        public override bool IsFileMapping => false;

        public override void Dispose()
        {
            if (_pin.IsAllocated) _pin.Free();
        }
    }
}
