using System.Runtime.InteropServices;

namespace FastChat.Native;

/// <summary>Bindings for fc_attention and fc_attention_path.</summary>
internal static unsafe partial class NativeMethods
{
    /// <summary>fc_attention_seq, field for field.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct AttentionSeq
    {
        public float* Q;
        public void* K;
        public void* V;
        public float* Out;
        public long NQ;
        public long NKv;
        public long QPos;
    }

    // The pool is passed as a raw handle so that "no pool" (run inline) can be NULL; callers keep the
    // SafeHandle alive with DangerousAddRef for the call.
    [LibraryImport(LibraryName)]
    internal static partial int fc_attention(nint pool, int kvType, long nHeads, long nKvHeads, long headDim, float scale,
                                             AttentionSeq* seqs, long nSeqs);

    [LibraryImport(LibraryName)]
    internal static partial nint fc_attention_path(int kvType);
}
