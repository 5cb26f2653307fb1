namespace FastChat.Quantization.Conversion;

/// <summary>
/// The Q/K row permutation of llama.cpp's convert_hf_to_gguf (`permute(w, n_head, n_head_kv)`): Hugging Face
/// keeps each head's rotary pairs as two halves (i, i + d/2) while ggml's rope expects them adjacent
/// (2i, 2i + 1). Within each head of d rows, GGUF row 2j + i is Hugging Face row i * d/2 + j.
/// </summary>
public static class RopePermutation
{
    /// <summary>For each GGUF row, the Hugging Face row it comes from (converting).</summary>
    public static int[] HfToGguf(int rows, int heads)
    {
        var headDim = HeadDimension(rows, heads);
        var half = headDim / 2;
        var order = new int[rows];
        for (var h = 0; h < heads; h++)
            for (var j = 0; j < half; j++)
                for (var i = 0; i < 2; i++)
                    order[h * headDim + 2 * j + i] = h * headDim + i * half + j;
        return order;
    }

    /// <summary>For each Hugging Face row, the GGUF row it comes from (exporting): the inverse of <see cref="HfToGguf"/>.</summary>
    public static int[] GgufToHf(int rows, int heads)
    {
        var forward = HfToGguf(rows, heads);
        var inverse = new int[rows];
        for (var r = 0; r < rows; r++) inverse[forward[r]] = r;
        return inverse;
    }

    private static int HeadDimension(int rows, int heads)
    {
        if (heads <= 0 || rows % heads != 0 || rows / heads % 2 != 0)
            throw new ModelConversionException($"cannot permute {rows} rows for rope: not {heads} heads of an even size");
        return rows / heads;
    }
}
