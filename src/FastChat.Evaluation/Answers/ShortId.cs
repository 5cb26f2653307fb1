using System.Security.Cryptography;

namespace FastChat.Evaluation.Answers;

/// <summary>Short unique ids like Python's shortuuid: 22 characters from a 57-letter alphabet without look-alikes.</summary>
public static class ShortId
{
    /// <summary>shortuuid's alphabet (no 0, 1, I, O, l).</summary>
    public const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /// <summary>Characters per id: enough for 128 random bits (57^22 &gt; 2^128).</summary>
    public const int Length = 22;

    /// <summary>A new random id.</summary>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        var value = new System.Numerics.BigInteger(bytes, isUnsigned: true);
        Span<char> text = stackalloc char[Length];
        for (var i = Length - 1; i >= 0; i--)
        {
            value = System.Numerics.BigInteger.DivRem(value, Alphabet.Length, out var digit);
            text[i] = Alphabet[(int)digit];
        }
        return new string(text);
    }
}
