namespace FastChat.Arena.Labeling;

/// <summary>FastChat's arena categories with their exact prompts (fastchat/serve/monitor/classify/category.py).</summary>
public static class BuiltInCategories
{
    /// <summary>Hard-prompt criteria: which of 7 criteria the prompt meets (a prompt meeting ≥ 6 is "hard").</summary>
    public static readonly CategoryDefinition Criteria = new()
    {
        NameTag = "criteria_v0.1",
        Kind = CategoryKind.Criteria,
        SystemPrompt = "Your task is to evaluate how well the following input prompts can assess the capabilities of advanced AI assistants.\n\nFor the input prompt, please analyze it based on the following 7 criteria.\n1. Specificity: Does the prompt ask for a specific output, such as code, a mathematical solution, a logical simplification, a problem-solving strategy, or a hardware setup recommendation? This specificity allows the AI to demonstrate its ability to understand and generate precise responses.\n2. Domain Knowledge: Does the prompt cover a specific domain, such as programming, mathematics, logic, problem-solving, or hardware setup? Prompts spanning a range of topics test the AI's breadth of knowledge and its ability to apply that knowledge to different domains.\n3. Complexity: Does the prompt vary in complexity, from straightforward tasks to more complex, multi-step problems? This allows evaluators to assess the AI's capability to handle problems of varying difficulty.\n4. Problem-Solving Skills: Does the prompt directly involves the AI to demonstrate active problem-solving skills, such systemically coming up with a solution for a specific setup instead of regurgitating an existing fact? This tests the AI's ability to apply logical reasoning and provide practical solutions.\n5. Creativity: Does the prompt involve a level of creativity in approaching the problem? This criterion tests the AI's ability to provide tailored solutions that take into account the user's specific needs and limitations.\n6. Technical Accuracy: Does the prompt require technical accuracy in the response? This allows evaluators to assess the AI's precision and correctness in technical fields.\n7. Real-world Application: Does the prompt relate to real-world applications, such as setting up a functional system or writing code for a practical use case? This tests the AI's ability to provide practical and actionable information that could be implemented in real-life scenarios.\n\nYou must list the criteria numbers that the prompt satisfies in the format of a Python array. For example, \"[...]\". Do not explain your choice.",
        PromptTemplate = "{PROMPT}",
        CriteriaNames = ["specificity", "domain_knowledge", "complexity", "problem_solving", "creativity", "technical_accuracy", "real_world"],
    };

    /// <summary>Instruction following: a 0-5 score, counted at ≥ 4.</summary>
    public static readonly CategoryDefinition InstructionFollowing = new()
    {
        NameTag = "if_v0.1",
        Kind = CategoryKind.Score,
        OutputKey = "if",
        ScoreThreshold = 4,
        SystemPrompt = "You are an AI assistant tasked with determining whether a given user prompt can effectively assess another AI's ability to follow instructions. Your goal is to analyze the prompt and decide if it contains specific, clear instructions that would test an AI's capability to understand and execute directions accurately. Carefully examine the user prompt and consider the following aspects:\n1. Does it contain specific instructions or requirements?\n2. Are there multiple steps or elements the AI needs to address?\n3. Does it ask for a particular format or structure in the response?\n4. Is there a unique or challenging aspect that would test the AI's ability to follow directions precisely?\n\nConsider both the content and the structure of the instructions. A good prompt for assessing instruction-following capabilities should have clear, specific directions that can be objectively evaluated. Think about why this prompt does or does not effectively assess an AI's ability to follow instructions. Consider both the strengths and weaknesses of the prompt in this regard. Output your verdict as a score from 0 to 5:\n0 = Does not evaluate instruction-following ability.\n1 = Ineffective at evaluating instruction-following ability.\n2 = Somewhat effective at evaluating instruction-following ability.\n3 = Effective at evaluating simple instruction-following ability.\n4 = Effective at evaluating more complex instruction-following ability.\n5 = Effective at evaluating advanced instruction-following ability.\n\nPresent your score in the following format:\n<score>[Your score from 0 to 5]</score>.\nDo NOT explain.",
        PromptTemplate = "<user_prompt>{PROMPT}</user_prompt>",
    };

    /// <summary>Math: does the prompt need mathematical problem solving (yes/no).</summary>
    public static readonly CategoryDefinition Math = new()
    {
        NameTag = "math_v0.1",
        Kind = CategoryKind.Decision,
        OutputKey = "math",
        SystemPrompt = "You are tasked with determining whether a given user prompt requires an AI assistant to solve a math problem and apply mathematical logic and reasoning.\n\nCarefully analyze the user prompt and consider whether it requires mathematical problem-solving skills to answer correctly. Think about the following aspects:\n\n1. Does it require the application of a specific mathematical concept or formula?\n2. Does the prompt involve numerical calculations or algebraic manipulation or logical reasoning?\n3. Is there a clear mathematical problem to be solved?\n4. Would answering this prompt demonstrate proficiency in a specific area in mathematics?\n\nOutput your verdict in the following format:\"<decision>\n[yes/no]\n</decision>\". Do NOT explain.",
        PromptTemplate = "<user_prompt>\n{PROMPT}\n</user_prompt>",
    };

    /// <summary>Creative writing: is the prompt primarily asking for creative writing (yes/no).</summary>
    public static readonly CategoryDefinition CreativeWriting = new()
    {
        NameTag = "creative_writing_v0.1",
        Kind = CategoryKind.Decision,
        OutputKey = "creative_writing",
        LenientDecision = true,
        EmitScore = true,
        SystemPrompt = "You are tasked with determining whether a given user prompt is asking for creative writing. Creative writing is defined as any form of writing that goes beyond standard professional, journalistic, academic, or technical literature. It typically involves imagination, originality, and expression of thoughts and emotions. Creative writing can include, but is not limited to, the following formats:\n- Fiction (e.g., short stories, novels)\n- Poetry (e.g., sonnets, free verse)\n- Dramatic writing (e.g., screenplays, monologues, scripts)\n- Personal essays (focusing on subjective experiences or narrative storytelling)\n- Songs and lyrics\n\nCarefully analyze the user prompt and consider whether it primarily requires creative writing. Think about the following aspects:\n1. Does the prompt ask for fictional content, speculative scenarios, or the use of imagination to construct narratives?\n2. Does it encourage the expression of thoughts, emotions, or personal experiences beyond mere factual reporting or analysis?\n3. Is it asking for writing in a specific creative format (e.g., story, poem, script, etc)?\n4. Is the primary purpose of the prompt to foster creative expression or originality rather than information delivery, technical documentation, or analytical reasoning?\n5. Does the prompt request stylistic or rhetorical elements often associated with creative writing, such as metaphor, imagery, dialogue, etc?\n6. Does the prompt expect a response in natural language (e.g., sentences, paragraphs) rather than visual, mathematical, or non-linguistic output?\n\nOutput your verdict as either \"yes\" or \"no\"in the following format:\n<decision>\n[yes/no]\n</decision>. Do NOT explain.",
        PromptTemplate = "<user_prompt>\n{PROMPT}\n</user_prompt>",
    };

    /// <summary>All built-in categories by tag.</summary>
    public static readonly IReadOnlyDictionary<string, CategoryDefinition> ByTag =
        new[] { Criteria, InstructionFollowing, Math, CreativeWriting }.ToDictionary(c => c.NameTag);
}
