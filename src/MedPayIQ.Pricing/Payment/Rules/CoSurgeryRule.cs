using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>Co-surgeons (62): each is paid 62.5 % of the fee schedule amount (125 % split between two). CO-SURG 0 and 9: not paid; 1: with documentation (Medium confidence).</summary>
internal sealed class CoSurgeryRule : LineRule
{
    public static readonly CoSurgeryRule Instance = new();

    /// <summary>Each co-surgeon's share: 125 % split between two surgeons.</summary>
    internal const decimal Share = 0.625m;

    public override PricingRule Rule => PricingRule.CoSurgery;

    public override RuleNeeds Needs => new(AnyEffect: ModifierEffect.CoSurgeon62);

    public override string Name => "co-surgery";

    public override string Source => "Claims Processing Manual (Pub. 100-04) ch. 12 section 40.8; RVU readme, CO-SURG";

    public override System.Collections.Immutable.ImmutableArray<RemittanceCode> Writes => [RemittanceCodes.ChargeExceedsFeeSchedule, RemittanceCodes.SurgeonsNotCovered];

    protected override ModifierEffect Trigger => ModifierEffect.CoSurgeon62;

    protected override void Apply(ref LineView line)
    {
        var indicator = line.Row.CoSurgeons;
        if (indicator is CoSurgeonIndicator.NotPermitted or CoSurgeonIndicator.NotApplicable)
        {
            line.Decide(this, PriceOutcome.NotPayable, RemittanceCodes.SurgeonsNotCovered, null, (int)indicator);
            return;
        }

        line.Adjust(this, line.Amount * Share, Share);
        if (indicator == CoSurgeonIndicator.DocumentationRequired)
        {
            line.Lower(PriceConfidence.Medium, "co-surgeons: paid only with documentation of medical necessity");
        }
    }

    public override string Detail(in Adjustment adjustment, in LinePrice price)
        => adjustment.Decision ? "co-surgeons are not paid for this procedure" : string.Create(CultureInfo.InvariantCulture, $"modifier 62: {adjustment.Factor:0.0%} (125% split between two surgeons)");

    public override string Reason(in Adjustment adjustment, in LinePrice price)
        => $"{price.Described}: co-surgeons are not paid for this procedure (RVU readme, CO-SURG indicator {adjustment.Arg}).";
}
