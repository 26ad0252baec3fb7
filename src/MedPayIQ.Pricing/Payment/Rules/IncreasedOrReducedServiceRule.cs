namespace MedPayIQ.Pricing;

/// <summary>Increased (22) and reduced (52) services: the fee schedule amount is shown at Low confidence; the contractor adjusts it on review.</summary>
internal sealed class IncreasedOrReducedServiceRule : LineRule
{
    public static readonly IncreasedOrReducedServiceRule Instance = new();

    public override PricingRule Rule => PricingRule.IncreasedOrReducedService;

    public override RuleNeeds Needs => new(AnyEffect: ModifierEffect.Increased22 | ModifierEffect.Reduced52);

    public override string Name => "22 / 52";

    public override string Source => "Claims Processing Manual (Pub. 100-04) ch. 12 section 20.4.6 (modifiers 22 and 52)";

    public override System.Collections.Immutable.ImmutableArray<RemittanceCode> Writes => [];

    protected override ModifierEffect Trigger => ModifierEffect.Increased22 | ModifierEffect.Reduced52;

    protected override void Apply(ref LineView line)
        => line.Lower(PriceConfidence.Low, (line.Effect & ModifierEffect.Increased22) != 0
            ? "modifier 22: the contractor may increase the payment on review"
            : "modifier 52: the contractor decides the reduction");

    public override string Detail(in Adjustment adjustment, in LinePrice price) => string.Empty;

    public override void AddWarnings(in LinePrice price, System.Collections.Immutable.ImmutableArray<string>.Builder warnings)
    {
        if ((price.Effect & ModifierEffect.Increased22) != 0)
        {
            warnings.Add("Modifier 22: the contractor may increase the payment on review of the documentation; the fee schedule amount is shown.");
        }

        if ((price.Effect & ModifierEffect.Reduced52) != 0)
        {
            warnings.Add("Modifier 52: the contractor reduces the payment for a reduced service; the fee schedule amount is shown.");
        }
    }
}
