namespace FastChat.Arena.Ratings;

/// <summary>
/// Maximum-likelihood Bradley-Terry: minimises the weighted log-loss
/// L(r) = -Σ w [s log σ(α(r_a - r_b)) + (1 - s) log(1 - σ(α(r_a - r_b)))], α = ln(Base),
/// over distinct matchup rows (a tie, s = 0.5, counts as half a win and half a loss), as FastChat's fit_bt.
/// Solved by Newton's method with a backtracking line search; ratings stay centred on zero because every gradient
/// and step sums to zero (the likelihood only sees differences).
/// </summary>
public static class BradleyTerryFit
{
    /// <summary>Newton iterations at most (FastChat's L-BFGS stops at 100 too).</summary>
    public const int MaxIterations = 100;

    /// <summary>Fits natural-unit ratings for the rows' own weights.</summary>
    public static double[] Fit(MatchupCounts rows, double alpha, double tolerance = 1e-10) =>
        Fit(rows, rows.Weight, alpha, null, tolerance);

    /// <summary>
    /// Fits natural-unit ratings for the given per-row weights (a bootstrap sample), starting from <paramref name="start"/>
    /// when given. Stops when the largest gradient component is below <paramref name="tolerance"/> times the total weight.
    /// </summary>
    public static double[] Fit(MatchupCounts rows, ReadOnlySpan<double> weights, double alpha, double[]? start = null, double tolerance = 1e-10)
    {
        var n = rows.ModelCount;
        var ratings = start is null ? new double[n] : (double[])start.Clone();
        Center(ratings);
        var gradient = new double[n];
        var hessian = new double[n * n];
        var step = new double[n];
        var trial = new double[n];
        var scratch = new double[n];
        var totalWeight = 0.0;
        foreach (var w in weights) totalWeight += w;
        if (totalWeight <= 0) return ratings;

        var loss = LossGradientHessian(rows, weights, alpha, ratings, gradient, hessian);
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            if (MaxAbs(gradient) <= tolerance * totalWeight) break;
            SolveNewtonStep(hessian, gradient, step, n);
            var slope = Dot(gradient, step);
            if (slope >= 0) // not a descent direction (numerically singular): fall back to steepest descent
            {
                for (var i = 0; i < n; i++) step[i] = -gradient[i] / totalWeight;
                slope = Dot(gradient, step);
            }
            var t = 1.0;
            double trialLoss;
            while (true)
            {
                for (var i = 0; i < n; i++) trial[i] = ratings[i] + t * step[i];
                trialLoss = Loss(rows, weights, alpha, trial);
                if (trialLoss <= loss + 1e-4 * t * slope || t < 1e-10) break;
                // Near the optimum the decrease a Newton step promises is below the rounding noise of the loss, so
                // Armijo cannot confirm it; accept the full step when it halves the gradient instead.
                if (t == 1.0 && GradientHalves(rows, weights, alpha, trial, gradient, scratch)) break;
                t *= 0.5;
            }
            if (!(trialLoss <= loss + 1e-4 * t * slope) && t < 1e-10) break; // no further progress possible in floating point
            Array.Copy(trial, ratings, n);
            loss = LossGradientHessian(rows, weights, alpha, ratings, gradient, hessian);
        }
        return ratings;
    }

    /// <summary>The negative log-likelihood and its gradient at <paramref name="ratings"/> (FastChat's bt_loss_and_grad).</summary>
    public static double LossAndGradient(MatchupCounts rows, ReadOnlySpan<double> weights, double alpha, ReadOnlySpan<double> ratings, Span<double> gradient)
    {
        gradient.Clear();
        var loss = 0.0;
        for (var r = 0; r < rows.Rows; r++)
        {
            var w = weights[r];
            if (w == 0) continue;
            int a = rows.ModelA[r], b = rows.ModelB[r];
            var z = alpha * (ratings[a] - ratings[b]);
            var s = rows.Score[r];
            loss += w * LogLoss(z, s);
            var g = -alpha * w * (s - Sigmoid(z));
            gradient[a] += g;
            gradient[b] -= g;
        }
        return loss;
    }

    private static bool GradientHalves(MatchupCounts rows, ReadOnlySpan<double> weights, double alpha, double[] trial, double[] gradient, double[] scratch)
    {
        LossAndGradient(rows, weights, alpha, trial, scratch);
        return MaxAbs(scratch) <= 0.5 * MaxAbs(gradient);
    }

    private static double LossGradientHessian(MatchupCounts rows, ReadOnlySpan<double> weights, double alpha, double[] ratings, double[] gradient, double[] hessian)
    {
        var n = rows.ModelCount;
        Array.Clear(hessian);
        var loss = LossAndGradient(rows, weights, alpha, ratings, gradient);
        for (var r = 0; r < rows.Rows; r++)
        {
            var w = weights[r];
            if (w == 0) continue;
            int a = rows.ModelA[r], b = rows.ModelB[r];
            var p = Sigmoid(alpha * (ratings[a] - ratings[b]));
            var h = alpha * alpha * w * p * (1 - p);
            hessian[a * n + a] += h;
            hessian[b * n + b] += h;
            hessian[a * n + b] -= h;
            hessian[b * n + a] -= h;
        }
        return loss;
    }

    private static double Loss(MatchupCounts rows, ReadOnlySpan<double> weights, double alpha, double[] ratings)
    {
        var loss = 0.0;
        for (var r = 0; r < rows.Rows; r++)
        {
            var w = weights[r];
            if (w != 0) loss += w * LogLoss(alpha * (ratings[rows.ModelA[r]] - ratings[rows.ModelB[r]]), rows.Score[r]);
        }
        return loss;
    }

    /// <summary>
    /// Solves (H + c·11ᵀ + εI) δ = -g by Cholesky. H is singular along 1 (only differences matter); the c·11ᵀ term
    /// fixes that direction without changing the step, since g and H·δ both sum to zero, and ε keeps models with no
    /// battles in a bootstrap sample (zero rows) from breaking the factorisation.
    /// </summary>
    private static void SolveNewtonStep(double[] hessian, double[] gradient, double[] step, int n)
    {
        var maxDiagonal = 0.0;
        for (var i = 0; i < n; i++) maxDiagonal = Math.Max(maxDiagonal, hessian[i * n + i]);
        var c = maxDiagonal / n;
        var epsilon = 1e-12 * maxDiagonal + 1e-300;
        var m = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                m[i * n + j] = hessian[i * n + j] + c + (i == j ? epsilon : 0);
        for (var i = 0; i < n; i++) step[i] = -gradient[i];
        DenseCholesky.SolveInPlace(m, step, n);
    }

    internal static double Sigmoid(double z) => z >= 0 ? 1.0 / (1.0 + Math.Exp(-z)) : Math.Exp(z) / (1.0 + Math.Exp(z));

    /// <summary>-(s log σ(z) + (1 - s) log(1 - σ(z))), computed without overflow.</summary>
    internal static double LogLoss(double z, double s) => s * Softplus(-z) + (1 - s) * Softplus(z);

    private static double Softplus(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));

    private static void Center(double[] ratings)
    {
        if (ratings.Length == 0) return;
        var mean = ratings.Average();
        for (var i = 0; i < ratings.Length; i++) ratings[i] -= mean;
    }

    private static double MaxAbs(double[] values)
    {
        var max = 0.0;
        foreach (var v in values) max = Math.Max(max, Math.Abs(v));
        return max;
    }

    private static double Dot(double[] x, double[] y)
    {
        var sum = 0.0;
        for (var i = 0; i < x.Length; i++) sum += x[i] * y[i];
        return sum;
    }
}
