using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FastChat.Engine.Sampling;

/// <summary>
/// exp for 8 floats at a time (Cephes' expf: range reduction by ln 2, degree-6 polynomial; about 2 ulp), built
/// from IEEE operations that are exactly rounded everywhere — multiply, add, floor and fused multiply-add (the
/// software fallback fuses too) — so every machine, AVX, NEON or none, gets the same bits. n is clamped to ±127,
/// so the native float→int conversion is exact.
/// Inputs below -87.3 (including -∞) give 0. Ours rather than .NET's Vector256.Exp, whose results are not promised
/// to be the same across platforms and versions (it falls back to the C runtime's exp where vectors are not accelerated).
/// </summary>
internal static class FastExp
{
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;
    private const float MaxInput = 88.3762626647949f;
    private const float MinInput = -87.3365447504f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        var underflow = Vector256.LessThan(x, Vector256.Create(MinInput));
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(MinInput)), Vector256.Create(MaxInput));
        var n = Vector256.Floor(x * Vector256.Create(Log2E) + Vector256.Create(0.5f));
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2High), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Low), r);
        var p = Vector256.Create(1.9875691500e-4f);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.3981999507e-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(8.3334519073e-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(4.1665795894e-2f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.6666665459e-1f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(5.0000001201e-1f));
        p = Vector256.FusedMultiplyAdd(p, r * r, r) + Vector256<float>.One;
        var scale = Vector256.ShiftLeft(Vector256.ConvertToInt32Native(n) + Vector256.Create(127), 23).AsSingle();
        return Vector256.AndNot(p * scale, underflow.AsSingle());
    }
}
