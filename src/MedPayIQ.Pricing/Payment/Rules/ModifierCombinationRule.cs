namespace MedPayIQ.Pricing;

/// <summary>Modifiers that exclude each other on one line (two row modifiers, 50 with RT or LT, two split-care or surgeon modifiers, 22 with 52).</summary>
internal sealed class ModifierCombinationRule : LineRule
{
    public static readonly ModifierCombinationRule Instance = new();

    public override PricingRule Rule => PricingRule.ModifierCombination;

    public override RuleNeeds Needs => new(AnySeen: Seen.Modifiers);

    public override string Name => "modifiers";

    public override string Source => "Claims Processing Manual (Pub. 100-04) ch. 12 sections 20.4, 40 and 50 (payment modifiers); RVU readme, modifier field";

    public override RemittanceCode Remittance => RemittanceCodes.ModifierInconsistent;

    protected override LineFilter Filter => LineFilter.Priced | LineFilter.WithModifiers;

    protected override void Apply(ref LineView line)
    {
        if (PaymentModifiers.Conflict(line.Effect) is { } conflict)
        {
            ref readonly var l = ref line.Line;
            line.Decide(this, PriceOutcome.InvalidModifier, Remittance, $"{l.Hcpcs}-{l.Modifiers.ToString().Replace(',', '-')}: {conflict}.");
        }
    }

    public override string Detail(in Adjustment adjustment, in LinePrice price) => price.DecisionText!;

    public override string Reason(in Adjustment adjustment, in LinePrice price) => price.DecisionText!;
}
