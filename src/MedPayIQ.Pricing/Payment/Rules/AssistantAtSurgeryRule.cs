using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>
/// Assistant at surgery: 80, 81 and 82 are paid 16 % of the fee schedule amount; AS (a non-physician practitioner) 85 %
/// of that, 13.6 %. ASST SURG 1 and 9: not paid; 0: paid with documentation of medical necessity (Medium confidence).
/// </summary>
internal sealed class AssistantAtSurgeryRule : LineRule
{
    public static readonly AssistantAtSurgeryRule Instance = new();

    /// <summary>The physician assistant at surgery's share of the fee schedule amount.</summary>
    internal const decimal PhysicianShare = 0.16m;

    /// <summary>AS: 85 % of the physician assistant's 16 %.</summary>
    internal const decimal NonPhysicianShare = 0.136m;

    public override PricingRule Rule => PricingRule.AssistantAtSurgery;

    public override RuleNeeds Needs => new(AnyEffect: ModifierEffect.Assistant);

    public override string Name => "assistant at surgery";

    public override string Source => "Claims Processing Manual (Pub. 100-04) ch. 12 section 20.4.3; 16% of the fee schedule amount; AS 85% of that (42 CFR 414.56(c)); RVU readme, ASST SURG";

    public override RemittanceCode Remittance => RemittanceCodes.ChargeExceedsFeeSchedule;

    public override System.Collections.Immutable.ImmutableArray<RemittanceCode> Writes => [RemittanceCodes.ChargeExceedsFeeSchedule, RemittanceCodes.SurgeonsNotCovered];

    protected override ModifierEffect Trigger => ModifierEffect.Assistant;

    protected override void Apply(ref LineView line)
    {
        var indicator = line.Row.AssistantAtSurgery;
        if (indicator is AssistantAtSurgeryIndicator.NotPaid or AssistantAtSurgeryIndicator.NotApplicable)
        {
            line.Decide(this, PriceOutcome.NotPayable, RemittanceCodes.SurgeonsNotCovered, null, (int)indicator);
            return;
        }

        var surgeons = line.Effect & ModifierEffect.Assistant;
        decimal factor = surgeons == ModifierEffect.AssistantNpp ? NonPhysicianShare : PhysicianShare;
        line.Adjust(this, line.Amount * factor, factor, 0m, (int)surgeons);
        if (indicator == AssistantAtSurgeryIndicator.DocumentationRequired)
        {
            line.Lower(PriceConfidence.Medium, "assistant at surgery: paid only with documentation of medical necessity");
        }
    }

    public override string Detail(in Adjustment adjustment, in LinePrice price)
        => adjustment.Decision ? "an assistant at surgery is not paid for this procedure"
        : adjustment.Arg == (int)ModifierEffect.AssistantNpp ? string.Create(CultureInfo.InvariantCulture, $"AS: 85% of 16% = {adjustment.Factor:0.0%}")
        : string.Create(CultureInfo.InvariantCulture, $"modifier {(ModifierEffect)adjustment.Arg switch { ModifierEffect.Assistant80 => "80", ModifierEffect.Assistant81 => "81", _ => "82" }}: {adjustment.Factor:0%}");

    public override string Reason(in Adjustment adjustment, in LinePrice price)
        => $"{price.Described}: an assistant at surgery is not paid for this procedure (RVU readme, ASST SURG indicator {adjustment.Arg}).";
}
