namespace MedPayIQ.Pricing;

/// <summary>Team surgery (66): by report, the contractor prices it; TEAM SURG 0 and 9: not paid.</summary>
internal sealed class TeamSurgeryRule : LineRule
{
    public static readonly TeamSurgeryRule Instance = new();

    public override PricingRule Rule => PricingRule.TeamSurgery;

    public override RuleNeeds Needs => new(AnyEffect: ModifierEffect.Team66);

    public override string Name => "team surgery";

    public override string Source => "RVU readme, TEAM SURG; Claims Processing Manual (Pub. 100-04) ch. 12 section 40.8";

    public override RemittanceCode Remittance => RemittanceCodes.PendingReview;

    public override System.Collections.Immutable.ImmutableArray<RemittanceCode> Writes => [RemittanceCodes.PendingReview, RemittanceCodes.SurgeonsNotCovered];

    protected override ModifierEffect Trigger => ModifierEffect.Team66;

    protected override void Apply(ref LineView line)
    {
        var indicator = line.Row.TeamSurgery;
        if (indicator is TeamSurgeryIndicator.NotPermitted or TeamSurgeryIndicator.NotApplicable)
        {
            line.Decide(this, PriceOutcome.NotPayable, RemittanceCodes.SurgeonsNotCovered, null, (int)indicator, 1);
            return;
        }

        line.Decide(this, PriceOutcome.CarrierPriced, Remittance);
    }

    public override string Detail(in Adjustment adjustment, in LinePrice price)
        => adjustment.Arg2 == 1 ? "team surgeons are not paid for this procedure" : "team surgery: by report, the contractor prices it";

    public override string Reason(in Adjustment adjustment, in LinePrice price)
        => adjustment.Arg2 == 1
            ? $"{price.Line.Hcpcs}-66: team surgeons are not paid for this procedure (RVU readme, TEAM SURG indicator {adjustment.Arg})."
            : $"{price.Described}: team surgery is paid by report; the contractor prices it (RVU readme, TEAM SURG).";
}
