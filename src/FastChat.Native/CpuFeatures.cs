namespace FastChat.Native;

/// <summary>CPU instruction-set extensions usable on this machine (mirrors fc_cpu_feature).</summary>
[Flags]
public enum CpuFeatures : ulong
{
    None = 0,
    Sse3 = 1ul << 0,
    Ssse3 = 1ul << 1,
    Sse41 = 1ul << 2,
    Sse42 = 1ul << 3,
    Popcnt = 1ul << 4,
    Avx = 1ul << 5,
    Avx2 = 1ul << 6,
    Fma = 1ul << 7,
    F16c = 1ul << 8,
    Bmi2 = 1ul << 9,
    AvxVnni = 1ul << 10,
    Avx512F = 1ul << 11,
    Avx512DQ = 1ul << 12,
    Avx512CD = 1ul << 13,
    Avx512BW = 1ul << 14,
    Avx512VL = 1ul << 15,
    Avx512Vnni = 1ul << 16,
    Avx512Bf16 = 1ul << 17,
    Avx512Vbmi = 1ul << 18,
    AmxTile = 1ul << 19,
    AmxInt8 = 1ul << 20,
    AmxBf16 = 1ul << 21,
}
