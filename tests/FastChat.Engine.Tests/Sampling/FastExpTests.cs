using System.Runtime.Intrinsics;
using FastChat.Engine.Sampling;

namespace FastChat.Engine.Tests.Sampling;

public class FastExpTests
{
    [Fact]
    public void Matches_double_precision_exp_within_a_few_ulp_over_the_sampling_range()
    {
        var worst = 0.0;
        for (var x = -87f; x <= 88f; x += 0.01f)
        {
            var actual = FastExp.Exp(Vector256.Create(x)).ToScalar();
            var expected = Math.Exp(x);
            worst = Math.Max(worst, Math.Abs(actual - expected) / expected);
        }
        // 3 float ulp ≈ 3.6e-7 relative.
        Assert.True(worst < 3.6e-7, $"worst relative error {worst:E2}");
    }

    [Fact]
    public void Underflow_and_minus_infinity_give_zero_and_lanes_are_independent()
    {
        var x = Vector256.Create(float.NegativeInfinity, -1000f, -88f, 0f, 1f, -1f, 10f, -20f);
        var e = FastExp.Exp(x);
        Assert.Equal(0f, e[0]);
        Assert.Equal(0f, e[1]);
        Assert.Equal(0f, e[2]);
        Assert.Equal(1f, e[3]);
        for (var lane = 3; lane < 8; lane++) Assert.Equal(FastExp.Exp(Vector256.Create(x[lane])).ToScalar(), e[lane]);
    }
}
