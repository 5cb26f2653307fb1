using System.Text.Json;

namespace FastChat.Quantization.Safetensors;

/// <summary>
/// The weights of a Hugging Face checkpoint folder: one model.safetensors, several shards listed by
/// model.safetensors.index.json (its weight_map), or, without an index, every *.safetensors file in the folder.
/// All files stay mapped until Dispose.
/// </summary>
public sealed class SafetensorsCheckpoint : IDisposable
{
    public const string IndexFileName = "model.safetensors.index.json";

    private readonly List<SafetensorsFile> _files = [];
    private readonly Dictionary<string, SafetensorsTensor> _tensors = new(StringComparer.Ordinal);

    private SafetensorsCheckpoint() { }

    public static SafetensorsCheckpoint Open(string folder)
    {
        var checkpoint = new SafetensorsCheckpoint();
        try
        {
            var index = Path.Combine(folder, IndexFileName);
            if (File.Exists(index)) checkpoint.LoadIndexed(folder, index);
            else checkpoint.LoadAll(folder);
            return checkpoint;
        }
        catch
        {
            checkpoint.Dispose();
            throw;
        }
    }

    /// <summary>Every tensor of every file, by name.</summary>
    public IReadOnlyDictionary<string, SafetensorsTensor> Tensors => _tensors;

    public IReadOnlyList<SafetensorsFile> Files => _files;

    private void LoadIndexed(string folder, string indexPath)
    {
        Dictionary<string, string> weightMap;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(indexPath));
            if (!document.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                throw new ModelConversionException($"{IndexFileName}: no weight_map object");
            weightMap = map.EnumerateObject().ToDictionary(p => p.Name,
                p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw new ModelConversionException($"{IndexFileName}: weight_map['{p.Name}'] is not a file name"),
                StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new ModelConversionException($"{IndexFileName}: not valid JSON ({e.Message})", e);
        }

        var files = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        foreach (var shard in weightMap.Values.Distinct().Order(StringComparer.Ordinal))
        {
            if (shard.Contains('/') || shard.Contains('\\') || shard is "." or "..")
                throw new ModelConversionException($"{IndexFileName}: shard name '{shard}' is not a file name in the folder");
            var path = Path.Combine(folder, shard);
            if (!File.Exists(path)) throw new ModelConversionException($"{IndexFileName} lists shard '{shard}', which does not exist");
            var file = SafetensorsFile.Open(path);
            _files.Add(file);
            files[shard] = file;
        }
        foreach (var (name, shard) in weightMap)
        {
            if (!files[shard].TryGetTensor(name, out var tensor))
                throw new ModelConversionException($"{IndexFileName} places tensor '{name}' in '{shard}', which does not hold it");
            _tensors[name] = tensor;
        }
    }

    private void LoadAll(string folder)
    {
        var paths = Directory.GetFiles(folder, "*.safetensors").Order(StringComparer.Ordinal).ToArray();
        if (paths.Length == 0) throw new ModelConversionException($"{folder} holds no *.safetensors file");
        foreach (var path in paths)
        {
            var file = SafetensorsFile.Open(path);
            _files.Add(file);
            foreach (var tensor in file.Tensors)
                if (!_tensors.TryAdd(tensor.Name, tensor))
                    throw new ModelConversionException($"tensor '{tensor.Name}' is in both {Path.GetFileName(_tensors[tensor.Name].File.Path)} and {Path.GetFileName(path)}");
        }
    }

    public void Dispose()
    {
        foreach (var file in _files) file.Dispose();
        _files.Clear();
    }
}
