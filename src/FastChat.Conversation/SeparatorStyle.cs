namespace FastChat.Conversation;

/// <summary>How FastChat joins the system prompt, roles and messages into one prompt (FastChat's <c>SeparatorStyle</c>).</summary>
public enum SeparatorStyle
{
    /// <summary><c>ADD_COLON_SINGLE</c>: <c>role: message{sep}</c>.</summary>
    AddColonSingle,
    /// <summary><c>ADD_COLON_TWO</c>: <c>role: message</c> followed by sep / sep2 alternately.</summary>
    AddColonTwo,
    /// <summary><c>ADD_COLON_SPACE_SINGLE</c>: like AddColonSingle, but the open turn ends with <c>"role: "</c>.</summary>
    AddColonSpaceSingle,
    /// <summary><c>NO_COLON_SINGLE</c>: <c>role + message + sep</c>.</summary>
    NoColonSingle,
    /// <summary><c>NO_COLON_TWO</c>: <c>role + message</c> followed by sep / sep2 alternately.</summary>
    NoColonTwo,
    /// <summary><c>ADD_NEW_LINE_SINGLE</c>: <c>role\nmessage{sep}</c>.</summary>
    AddNewLineSingle,
    /// <summary><c>LLAMA2</c>: <c>[INST] ... [/INST]</c> turns.</summary>
    Llama2,
    /// <summary><c>LLAMA3</c>: header-id turns ending in <c>&lt;|eot_id|&gt;</c>.</summary>
    Llama3,
    /// <summary><c>CHATGLM</c>: numbered <c>[Round n]</c> turns.</summary>
    ChatGlm,
    /// <summary><c>CHATML</c>: <c>role\nmessage{sep}\n</c>.</summary>
    ChatMl,
    /// <summary><c>CHATINTERN</c>: InternLM's <c>&lt;s&gt;role:message</c> turns.</summary>
    ChatIntern,
    /// <summary><c>DOLLY</c>: <c>role:\nmessage</c> with a blank line after each answer.</summary>
    Dolly,
    /// <summary><c>RWKV</c>: <c>role: message\n\n</c> with doubled newlines collapsed.</summary>
    Rwkv,
    /// <summary><c>PHOENIX</c>: <c>role: &lt;s&gt;message&lt;/s&gt;</c>.</summary>
    Phoenix,
    /// <summary><c>ROBIN</c>: <c>role:\nmessage{sep}</c>.</summary>
    Robin,
    /// <summary><c>FALCON_CHAT</c>: like AddColonSingle, the system prompt only when set.</summary>
    FalconChat,
    /// <summary><c>CHATGLM3</c>: <c>role\nmessage</c> with no separator.</summary>
    ChatGlm3,
    /// <summary><c>DEEPSEEK_CHAT</c>: <c>role: message</c> with sep / sep2, no separator after the system prompt.</summary>
    DeepSeekChat,
    /// <summary><c>METAMATH</c>: sep2 prefixes the answer.</summary>
    MetaMath,
    /// <summary><c>YUAN2</c>: messages joined by <c>&lt;n&gt;</c>, ended by sep.</summary>
    Yuan2,
    /// <summary><c>GEMMA</c>: <c>&lt;bos&gt;</c> then <c>&lt;start_of_turn&gt;role\nmessage{sep}</c>.</summary>
    Gemma,
    /// <summary><c>CLLM</c>: like AddColonTwo over the last two messages only.</summary>
    Cllm,
    /// <summary><c>DEFAULT</c>: <c>role: message\n</c> (API-based models).</summary>
    Default,
}
