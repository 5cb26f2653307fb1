using System.CommandLine;
using System.Text;
using FastChat.Conversation;
using FastChat.Engine.Generation;
using FastChat.Engine.Models;
using Microsoft.Extensions.Logging;

namespace FastChat.Cli.Commands;

/// <summary>
/// `fastchat chat -m FILE [--chat-template NAME] [--system TEXT]`: an interactive chat. Each line typed is a user
/// turn; the conversation is rendered with the model's template (explicit &gt; GGUF Jinja &gt; FastChat adapter &gt;
/// default, logged) and the answer streams back. `/reset` starts over, `/exit` or end of input quits.
/// </summary>
public static class ChatCommand
{
    public static Command Create(CliContext context)
    {
        var model = new ModelArguments();
        var template = new Option<string?>("--chat-template") { Description = "FastChat template name (overrides the model's own)" };
        var system = new Option<string?>("--system") { Description = "System message" };
        var tokens = new Option<int>("--n-predict", "-n") { Description = "Most tokens per answer", DefaultValueFactory = _ => 512 };
        var sampling = new SamplingArguments();
        var command = new Command("chat", "Chat with a model interactively") { template, system, tokens };
        model.AddTo(command);
        sampling.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                using var llm = model.Load(parseResult);
                var selection = SelectTemplate(llm, parseResult.GetValue(template));
                context.LoggerFactory.CreateLogger("chat").LogInformation(
                    "Chat template {Template} ({Source}): {Detail}", selection.Template.Name, selection.SourceName, selection.Detail);
                context.Error.WriteLine($"chat template: {selection.Template.Name} ({selection.SourceName}); /reset to start over, /exit to quit");
                using var generator = new TextGenerator(llm, parseResult.GetValue(model.Threads));
                var options = new GenerationOptions
                {
                    MaxTokens = parseResult.GetValue(tokens),
                    Sampling = sampling.Read(parseResult),
                    StopSequences = selection.Template.StopStrings,
                    StopTokens = selection.Template.StopTokenIds.Where(id => id < llm.Config.VocabSize).ToArray(),
                };
                var session = new ChatSession(llm, selection.Template, parseResult.GetValue(system));
                while (!cancellationToken.IsCancellationRequested)
                {
                    context.Output.Write("> ");
                    context.Output.Flush();
                    var line = await context.Input.ReadLineAsync(cancellationToken);
                    if (line is null || line.Trim() == "/exit") break;
                    if (line.Trim() == "/reset")
                    {
                        session.Reset();
                        continue;
                    }
                    if (line.Length == 0) continue;
                    var answer = new StringBuilder();
                    await foreach (var chunk in generator.GenerateAsync(session.PromptFor(line), options, cancellationToken))
                    {
                        answer.Append(chunk.Text);
                        context.Output.Write(chunk.Text);
                        context.Output.Flush();
                    }
                    context.Output.WriteLine();
                    session.AddAnswer(answer.ToString());
                }
                return 0;
            }
            catch (Exception e) when (ModelArguments.IsInputError(e) || e is TemplateException or KeyNotFoundException)
            {
                return context.Fail(e.Message);
            }
        });
        return command;
    }

    internal static ChatTemplateSelection SelectTemplate(LlamaModel llm, string? explicitName)
    {
        var vocabulary = llm.Tokenizer.Vocabulary;
        var special = llm.Tokenizer.SpecialTokens;
        return ChatTemplateSelector.Select(explicitName, llm.ChatTemplate, llm.Config.Name,
                                           special.Bos is { } bos ? vocabulary.GetToken(bos) : "",
                                           special.Eos is { } eos ? vocabulary.GetToken(eos) : "");
    }

    /// <summary>The messages so far, rendered and tokenized whole for each turn.</summary>
    private sealed class ChatSession(LlamaModel llm, IChatTemplate template, string? system)
    {
        private readonly List<ChatMessage> _messages = [];

        public void Reset() => _messages.Clear();

        public int[] PromptFor(string userLine)
        {
            if (_messages.Count == 0 && !string.IsNullOrEmpty(system)) _messages.Add(ChatMessage.System(system));
            _messages.Add(ChatMessage.User(userLine));
            return llm.Tokenizer.EncodeTemplatedPrompt(template.Render(_messages));
        }

        public void AddAnswer(string answer) => _messages.Add(ChatMessage.Assistant(answer));
    }
}
