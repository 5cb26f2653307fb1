namespace FastChat.Arena.Ratings;

/// <summary>
/// Bradley-Terry with style covariates (FastChat's fit_contextual_bt): P(A wins) = σ(α(r_a - r_b) + xᵀβ) with the
/// battle's style features x, minimising Σ w·logloss + (reg / 2)·‖(r, β)‖² (reg = 0.5, FastChat's default).
/// The penalty makes the problem strictly convex, so Newton's method converges in a few steps.
/// </summary>
public static class StyleControlledFit
{
    /// <summary>FastChat's default L2 strength.</summary>
    public const double DefaultRegularization = 0.5;

    /// <summary>
    /// Fits [ratings (natural units) ..., β ...] for per-battle <paramref name="weights"/> (1 each for the data itself,
    /// resample counts for a bootstrap round).
    /// </summary>
    public static double[] Fit(IndexedBattles battles, double[] features, int featureCount, ReadOnlySpan<double> weights, double alpha,
                               double regularization = DefaultRegularization, double[]? start = null, double tolerance = 1e-9)
    {
        var models = battles.Models.Count;
        var p = models + featureCount;
        var theta = start is null ? new double[p] : (double[])start.Clone();
        var gradient = new double[p];
        var hessian = new double[p * p];
        var step = new double[p];
        var trial = new double[p];
        var scratchGradient = new double[p];
        var scratchHessian = new double[p * p];
        var total = 0.0;
        foreach (var w in weights) total += w;
        var loss = Evaluate(battles, features, featureCount, weights, alpha, regularization, theta, gradient, hessian);
        for (var iteration = 0; iteration < BradleyTerryFit.MaxIterations; iteration++)
        {
            var maxGradient = gradient.Max(Math.Abs);
            if (maxGradient <= tolerance * Math.Max(total, 1)) break;
            for (var i = 0; i < p; i++) step[i] = -gradient[i];
            DenseCholesky.SolveInPlace(hessian, step, p);
            var slope = 0.0;
            for (var i = 0; i < p; i++) slope += gradient[i] * step[i];
            var t = 1.0;
            double trialLoss;
            while (true)
            {
                for (var i = 0; i < p; i++) trial[i] = theta[i] + t * step[i];
                trialLoss = Evaluate(battles, features, featureCount, weights, alpha, regularization, trial, null, null);
                if (trialLoss <= loss + 1e-4 * t * slope || t < 1e-10) break;
                // Near the optimum the promised decrease is below the loss's rounding noise: accept a full step that halves the gradient.
                if (t == 1.0)
                {
                    Evaluate(battles, features, featureCount, weights, alpha, regularization, trial, scratchGradient, scratchHessian);
                    if (scratchGradient.Max(Math.Abs) <= 0.5 * maxGradient) break;
                }
                t *= 0.5;
            }
            if (!(trialLoss <= loss + 1e-4 * t * slope) && t < 1e-10) break;
            Array.Copy(trial, theta, p);
            loss = Evaluate(battles, features, featureCount, weights, alpha, regularization, theta, gradient, hessian);
        }
        return theta;
    }

    /// <summary>Loss, and when asked its gradient and Hessian (each battle touches two ratings and the β block).</summary>
    internal static double Evaluate(IndexedBattles battles, double[] features, int k, ReadOnlySpan<double> weights, double alpha, double reg,
                                    double[] theta, double[]? gradient, double[]? hessian)
    {
        var models = battles.Models.Count;
        var p = models + k;
        var loss = 0.0;
        for (var i = 0; i < p; i++) loss += 0.5 * reg * theta[i] * theta[i];
        if (gradient is not null)
        {
            for (var i = 0; i < p; i++) gradient[i] = reg * theta[i];
            Array.Clear(hessian!);
            for (var i = 0; i < p; i++) hessian![i * p + i] = reg;
        }
        Span<int> index = stackalloc int[2 + k];
        Span<double> v = stackalloc double[2 + k];
        for (var n = 0; n < battles.Count; n++)
        {
            var w = weights[n];
            if (w == 0) continue;
            int a = battles.ModelA[n], b = battles.ModelB[n];
            var z = alpha * (theta[a] - theta[b]);
            for (var j = 0; j < k; j++) z += features[n * k + j] * theta[models + j];
            var s = IndexedBattles.Score(battles.Outcome[n]);
            loss += w * BradleyTerryFit.LogLoss(z, s);
            if (gradient is null) continue;
            var prob = BradleyTerryFit.Sigmoid(z);
            index[0] = a; v[0] = alpha;
            index[1] = b; v[1] = -alpha;
            for (var j = 0; j < k; j++) { index[2 + j] = models + j; v[2 + j] = features[n * k + j]; }
            var g = -w * (s - prob);
            var h = w * prob * (1 - prob);
            for (var x = 0; x < v.Length; x++)
            {
                gradient[index[x]] += g * v[x];
                for (var y = 0; y < v.Length; y++) hessian![index[x] * p + index[y]] += h * v[x] * v[y];
            }
        }
        return loss;
    }
}
