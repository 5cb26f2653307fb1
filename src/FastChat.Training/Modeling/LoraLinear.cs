using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastChat.Training.Modeling;

/// <summary>
/// A bias-free linear layer y = x Wᵀ, optionally with a LoRA adapter y += scaling · dropout(x) Aᵀ Bᵀ. With an adapter the
/// base weight is frozen. <see cref="Merge"/> folds the adapter into W (for export) and removes it.
/// </summary>
public sealed class LoraLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight; // field names are the state-dict keys
    private Parameter? lora_A;
    private Parameter? lora_B;
    private Dropout? lora_dropout;
    private float _scaling;
    private bool _merged;

    /// <param name="weight">[out, in], as GGUF and PyTorch store it.</param>
    public LoraLinear(Tensor weight) : base("LoraLinear")
    {
        this.weight = new Parameter(weight, requires_grad: true);
        RegisterComponents();
    }

    /// <summary>The weight [out, in] (base only; see <see cref="MergedWeight"/>).</summary>
    public Parameter Weight => weight;

    /// <summary>True while an adapter is attached.</summary>
    public bool HasAdapter => lora_A is not null && !_merged;

    /// <summary>Adds an adapter: A ~ Kaiming-uniform (as PEFT), B = 0; freezes the base weight.</summary>
    public void AddAdapter(LoraOptions options, Generator? generator = null)
    {
        var (outFeatures, inFeatures) = (weight.shape[0], weight.shape[1]);
        var bound = 1.0 / Math.Sqrt(inFeatures); // kaiming_uniform(a=sqrt(5)) on [r, in]
        lora_A = new Parameter(rand(options.Rank, inFeatures, generator: generator).mul_(2 * bound).sub_(bound), requires_grad: true);
        lora_B = new Parameter(zeros(outFeatures, options.Rank), requires_grad: true);
        lora_dropout = nn.Dropout(options.Dropout);
        _scaling = options.Scaling;
        weight.requires_grad = false;
        register_parameter("lora_A", lora_A);
        register_parameter("lora_B", lora_B);
        register_module("lora_dropout", lora_dropout);
    }

    /// <summary>W + scaling · B A (W alone without an adapter).</summary>
    public Tensor MergedWeight()
    {
        using var _ = no_grad();
        return !HasAdapter ? weight.detach().clone() : weight.detach() + _scaling * lora_B!.detach().matmul(lora_A!.detach());
    }

    /// <summary>Folds the adapter into the weight; the adapter stays registered but inert (B = 0, skipped) and the weight trains again.</summary>
    public void Merge()
    {
        if (lora_A is null || _merged) return;
        using (no_grad())
        {
            weight.copy_(MergedWeight());
            lora_B!.zero_();
        }
        lora_A.requires_grad = lora_B.requires_grad = false;
        weight.requires_grad = true;
        _merged = true;
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var output = nn.functional.linear(input, weight);
        if (!HasAdapter) return output;
        using var adapted = nn.functional.linear(nn.functional.linear(lora_dropout!.forward(input), lora_A!), lora_B!);
        return output.add_(adapted, _scaling);
    }
}
