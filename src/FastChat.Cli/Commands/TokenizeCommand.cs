using System.CommandLine;
using System.Text;
using System.Text.Json;
using FastChat.Engine.Tokenization;
using FastChat.Gguf;

namespace FastChat.Cli.Commands;

/// <summary>`fastchat tokenize -m FILE.gguf -p TEXT [--file PATH] [--no-bos] [--parse-special] [--json]`: text to token ids.</summary>
public static class TokenizeCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<FileInfo>("--model", "-m") { Description = "GGUF file whose tokenizer to use", Required = true };
        var prompt = new Option<string?>("--prompt", "-p") { Description = "Text to tokenize" };
        var file = new Option<FileInfo?>("--file", "-f") { Description = "Read the text from this file (UTF-8) instead of --prompt" };
        var noBos = new Option<bool>("--no-bos") { Description = "Do not add BOS or the model's other framing tokens" };
        var parseSpecial = new Option<bool>("--parse-special") { Description = "Match control tokens such as <s> written in the text" };
        var json = new Option<bool>("--json") { Description = "Print {\"ids\":[...]}" };
        var command = new Command("tokenize", "Show the token ids a model's tokenizer gives a text") { model, prompt, file, noBos, parseSpecial, json };
        command.SetAction(parseResult => Run(context, new Request(
            parseResult.GetRequiredValue(model),
            parseResult.GetValue(prompt),
            parseResult.GetValue(file),
            AddSpecialTokens: !parseResult.GetValue(noBos),
            ParseSpecial: parseResult.GetValue(parseSpecial),
            Json: parseResult.GetValue(json))));
        return command;
    }

    private sealed record Request(FileInfo Model, string? Prompt, FileInfo? TextFile, bool AddSpecialTokens, bool ParseSpecial, bool Json);

    private static int Run(CliContext context, Request request)
    {
        if (request.Prompt is not null == request.TextFile is not null)
            return context.Fail("give the text with exactly one of --prompt or --file");
        if (!request.Model.Exists) return context.Fail($"{request.Model.FullName} does not exist");
        if (request.TextFile is { Exists: false }) return context.Fail($"{request.TextFile.FullName} does not exist");
        try
        {
            var text = request.Prompt ?? File.ReadAllText(request.TextFile!.FullName, Encoding.UTF8);
            using var gguf = GgufFile.Open(request.Model.FullName);
            var tokenizer = TokenizerFactory.Create(gguf);
            var ids = tokenizer.Encode(text, request.AddSpecialTokens, request.ParseSpecial);
            if (request.Json) context.Output.WriteLine(JsonSerializer.Serialize(new { ids }));
            else WriteTable(context.Output, tokenizer, ids);
            return 0;
        }
        catch (GgufFormatException e)
        {
            return context.Fail(e.Message);
        }
        catch (TokenizerException e)
        {
            return context.Fail($"{request.Model.FullName}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return context.Fail($"cannot read input: {e.Message}");
        }
    }

    /// <summary>One line per token: id, its text in the vocabulary, and the text it decodes to (quoted, escaped).</summary>
    private static void WriteTable(TextWriter output, Tokenizer tokenizer, int[] ids)
    {
        var idWidth = Math.Max(2, ids.Length == 0 ? 0 : ids.Max().ToString().Length);
        var tokenWidth = Math.Min(24, ids.Select(id => Escape(tokenizer.Vocabulary.GetToken(id)).Length).DefaultIfEmpty(0).Max());
        foreach (var id in ids)
        {
            var token = Escape(tokenizer.Vocabulary.GetToken(id));
            output.WriteLine($"{id.ToString().PadLeft(idWidth)}  {token.PadRight(tokenWidth)}  '{EscapeBytes(tokenizer.GetPiece(id, renderSpecial: true))}'");
        }
        output.WriteLine($"{ids.Length} token{(ids.Length == 1 ? "" : "s")}");
    }

    /// <summary>UTF-8 shown as text where valid; stray bytes (part of a character) as \xNN.</summary>
    private static string EscapeBytes(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder();
        while (!bytes.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done) builder.Append(Escape(rune.ToString()));
            else foreach (var b in bytes[..consumed]) builder.Append($"\\x{b:X2}");
            bytes = bytes[consumed..];
        }
        return builder.ToString();
    }

    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\\' => "\\\\",
                '\'' => "\\'",
                _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }
}
