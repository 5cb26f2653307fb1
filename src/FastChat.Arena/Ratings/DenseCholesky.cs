namespace FastChat.Arena.Ratings;

/// <summary>In-place Cholesky solve of a small dense symmetric positive-definite system (row-major).</summary>
internal static class DenseCholesky
{
    /// <summary>Overwrites <paramref name="matrix"/> with its factor and <paramref name="rhs"/> with the solution.</summary>
    public static void SolveInPlace(double[] matrix, double[] rhs, int n)
    {
        for (var j = 0; j < n; j++)
        {
            var diagonal = matrix[j * n + j];
            for (var k = 0; k < j; k++) diagonal -= matrix[j * n + k] * matrix[j * n + k];
            // A non-positive pivot means the system is singular in floating point: clamp rather than produce NaN.
            diagonal = Math.Sqrt(Math.Max(diagonal, 1e-300));
            matrix[j * n + j] = diagonal;
            for (var i = j + 1; i < n; i++)
            {
                var sum = matrix[i * n + j];
                for (var k = 0; k < j; k++) sum -= matrix[i * n + k] * matrix[j * n + k];
                matrix[i * n + j] = sum / diagonal;
            }
        }
        for (var i = 0; i < n; i++)
        {
            var sum = rhs[i];
            for (var k = 0; k < i; k++) sum -= matrix[i * n + k] * rhs[k];
            rhs[i] = sum / matrix[i * n + i];
        }
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = rhs[i];
            for (var k = i + 1; k < n; k++) sum -= matrix[k * n + i] * rhs[k];
            rhs[i] = sum / matrix[i * n + i];
        }
    }
}
