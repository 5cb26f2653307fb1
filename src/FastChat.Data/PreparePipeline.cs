using FastChat.Data.IO;
using FastChat.Data.Steps;
using FastChat.Engine.Tokenization;

namespace FastChat.Data;

/// <summary>Settings of <see cref="PreparePipeline"/>.</summary>
public sealed record PrepareOptions
{
    /// <summary>Clean settings (HTML conversion, unwanted words, limits).</summary>
    public CleanOptions Clean { get; init; } = new();
    /// <summary>split-long's token budget.</summary>
    public int MaxLength { get; init; } = 2048;
    /// <summary>Fraction of records for training.</summary>
    public double TrainRatio { get; init; } = 0.99;
    /// <summary>Seed of the train/test permutation.</summary>
    public int Seed { get; init; }
    /// <summary>Model name in the identity answers; null leaves identity questions out.</summary>
    public string? IdentityName { get; init; } = "Vicuna";
    /// <summary>Organisation in the identity answers.</summary>
    public string IdentityOrganization { get; init; } = "Large Model Systems Organization (LMSYS)";
}

/// <summary>The file names <see cref="PreparePipeline"/> wrote.</summary>
/// <param name="Split">Cleaned, split and filtered records.</param>
/// <param name="Train">The training side.</param>
/// <param name="Test">The test side.</param>
/// <param name="TrainIdentity">Training records merged with the identity questions (the SFT input).</param>
/// <param name="TrainIdentitySingle">The same, first exchange only.</param>
public sealed record PreparedFiles(string Split, string Train, string Test, string TrainIdentity, string TrainIdentitySingle);

/// <summary>
/// FastChat's prepare_all: clean → split-long → filter-wrong-format → split-train-test → merge with identity
/// questions → extract-single-round, writing each result as "{prefix}_{stage}.json" under the output folder.
/// </summary>
public static class PreparePipeline
{
    /// <summary>Runs every stage on <paramref name="inputs"/> (merged in order), counting drops in <paramref name="report"/>.</summary>
    public static PreparedFiles Run(IReadOnlyList<string> inputs, string outputDirectory, string prefix, Tokenizer tokenizer,
        PrepareOptions options, DataReport report, IProgress<long>? progress = null)
    {
        Directory.CreateDirectory(outputDirectory);
        string Out(string stage) => Path.Combine(outputDirectory, $"{prefix}_{stage}.json");
        var files = new PreparedFiles(Out("clean_split"), Out("train"), Out("test"), Out("train_identity"), Out("train_identity_single"));

        IEnumerable<ShareGptSample> records = inputs.SelectMany(path => DatasetReader.Read(path, report, progress));
        foreach (var step in new DataStep[] { new CleanStep(options.Clean), new SplitLongStep(tokenizer, options.MaxLength), new FilterWrongFormatStep() })
            records = step.Apply(records, report);
        DatasetWriter.Write(files.Split, records);

        // The later stages read back what the first one wrote, as FastChat's chain of scripts does.
        var scratch = new DataReport();
        var (train, test) = TrainTestSplit.Split(DatasetReader.Read(files.Split, scratch), options.TrainRatio, options.Seed);
        DatasetWriter.Write(files.Train, train);
        DatasetWriter.Write(files.Test, test);
        var identity = options.IdentityName is null ? [] : IdentityQuestions.Generate(options.IdentityName, options.IdentityOrganization);
        DatasetWriter.Write(files.TrainIdentity, train.Concat(identity));
        DatasetWriter.Write(files.TrainIdentitySingle, new ExtractSingleRoundStep().Apply(train.Concat(identity), report));
        report.Written = train.Count + test.Count;
        return files;
    }
}
