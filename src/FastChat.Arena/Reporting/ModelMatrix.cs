namespace FastChat.Arena.Reporting;

/// <summary>A square table of values indexed by model (row = model A, column = model B); NaN where undefined.</summary>
public sealed record ModelMatrix(IReadOnlyList<string> Models, double[,] Values, string Title)
{
    /// <summary>The value for row model <paramref name="a"/> against column model <paramref name="b"/>.</summary>
    public double this[string a, string b] => Values[IndexOf(a), IndexOf(b)];

    private int IndexOf(string model)
    {
        for (var i = 0; i < Models.Count; i++)
            if (Models[i] == model) return i;
        throw new KeyNotFoundException(model);
    }
}
