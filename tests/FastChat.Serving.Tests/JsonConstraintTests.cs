using System.Text;
using FastChat.Engine.Constraints;

namespace FastChat.Serving.Tests;

/// <summary>The byte-level JSON recogniser behind response_format json_object.</summary>
public sealed class JsonConstraintTests
{
    private static (bool Valid, bool Complete) Feed(string text)
    {
        var machine = new JsonByteMachine(topLevelObjectOnly: true);
        foreach (var b in Encoding.UTF8.GetBytes(text))
            if (!machine.Feed(b)) return (false, false);
        return (true, machine.IsComplete);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData(" {\"a\": 1}")]
    [InlineData("{\"a\":[1,-2.5e+3,true,false,null,\"x\\u00e9\\n\",{\"b\":{}}],\"ü\":0}")]
    public void ValidDocuments_Complete(string json) => Assert.Equal((true, true), Feed(json));

    [Theory]
    [InlineData("{\"a\": tr")]
    [InlineData("{\"a\": [1, 2")]
    [InlineData("{\"a\": -")]
    public void Prefixes_AreValidButIncomplete(string json) => Assert.Equal((true, false), Feed(json));

    [Theory]
    [InlineData("[1]")]
    [InlineData("{a:1}")]
    [InlineData("{\"a\" 1}")]
    [InlineData("{\"a\":01}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{\"a\":\"\u0001\"}")]
    [InlineData("{\"a\":\"\\q\"}")]
    [InlineData("{} x")]
    [InlineData("{\"a\":nul1}")]
    public void Invalid_IsRefused(string json) => Assert.False(Feed(json).Valid);
}
