using System.Collections;

namespace FastChat.Gguf;

/// <summary>
/// Ordered key/value metadata. Order is kept because writers must reproduce it byte for byte.
/// Typed getters throw <see cref="GgufFormatException"/> naming the key when it is missing or of the wrong type.
/// </summary>
public sealed class GgufMetadata : IReadOnlyList<KeyValuePair<string, GgufValue>>
{
    private readonly List<KeyValuePair<string, GgufValue>> _entries = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public KeyValuePair<string, GgufValue> this[int index] => _entries[index];

    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    public bool ContainsKey(string key) => _index.ContainsKey(key);

    public bool TryGetValue(string key, out GgufValue value)
    {
        if (_index.TryGetValue(key, out var i))
        {
            value = _entries[i].Value;
            return true;
        }
        value = null!;
        return false;
    }

    /// <summary>Adds a key at the end, or replaces the value of an existing key in place.</summary>
    public void Set(string key, GgufValue value)
    {
        if (_index.TryGetValue(key, out var i)) _entries[i] = new(key, value);
        else
        {
            _index[key] = _entries.Count;
            _entries.Add(new(key, value));
        }
    }

    public bool Remove(string key)
    {
        if (!_index.Remove(key, out var i)) return false;
        _entries.RemoveAt(i);
        for (var j = i; j < _entries.Count; j++) _index[_entries[j].Key] = j;
        return true;
    }

    /// <summary>Adds a key read from a file; duplicates are a format error.</summary>
    internal bool TryAddNew(string key, GgufValue value)
    {
        if (_index.ContainsKey(key)) return false;
        Set(key, value);
        return true;
    }

    // ---- typed access ---------------------------------------------------------------------------

    public GgufValue Get(string key) =>
        TryGetValue(key, out var value) ? value : throw new GgufFormatException(key, -1, "required metadata key is missing");

    public string GetString(string key) => Convert(key, v => v.AsString());
    public uint GetUInt32(string key) => Convert(key, v => v.AsUInt32());
    public long GetInt64(string key) => Convert(key, v => v.AsInt64());
    public float GetSingle(string key) => Convert(key, v => v.AsSingle());
    public bool GetBool(string key) => Convert(key, v => v.AsBool());
    public GgufArray GetArray(string key) => Convert(key, v => v.AsArray());

    public string? GetStringOrNull(string key) => ContainsKey(key) ? GetString(key) : null;
    public uint? GetUInt32OrNull(string key) => ContainsKey(key) ? GetUInt32(key) : null;
    public long? GetInt64OrNull(string key) => ContainsKey(key) ? GetInt64(key) : null;
    public float? GetSingleOrNull(string key) => ContainsKey(key) ? GetSingle(key) : null;
    public bool? GetBoolOrNull(string key) => ContainsKey(key) ? GetBool(key) : null;
    public GgufArray? GetArrayOrNull(string key) => ContainsKey(key) ? GetArray(key) : null;

    private T Convert<T>(string key, Func<GgufValue, T> convert)
    {
        var value = Get(key);
        try
        {
            return convert(value);
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException)
        {
            throw new GgufFormatException(key, -1, e.Message);
        }
    }

    public IEnumerator<KeyValuePair<string, GgufValue>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
