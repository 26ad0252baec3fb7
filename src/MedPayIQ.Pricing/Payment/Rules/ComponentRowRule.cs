namespace MedPayIQ.Pricing;

/// <summary>
/// The RVU row of the line: the row of its 26, TC or 53 modifier, never derived. 26 or TC on a code whose PC/TC
/// indicator has no such row is an invalid modifier; 53 without a row of its own is priced by the contractor.
/// </summary>
internal sealed class ComponentRowRule : LineRule
{
    public static readonly ComponentRowRule Instance = new();

    public override PricingRule Rule => PricingRule.ComponentRow;

    public override string Name => "RVU row";

    public override string Source => "RVU readme: MOD column (26, TC, 53 rows) and PC/TC indicator (Attachment A)";

    public override RemittanceCode Remittance => RemittanceCodes.ModifierInconsistent;

    /// <summary>Sees every line: an invalid line still shows its row's status.</summary>
    public override System.Collections.Immutable.ImmutableArray<RemittanceCode> Writes => [RemittanceCodes.ModifierInconsistent, RemittanceCodes.InvalidOnDate, RemittanceCodes.PendingReview];

    protected override LineFilter Filter => LineFilter.All;

    protected override void Apply(ref LineView line)
    {
        bool open = line.Outcome == PriceOutcome.Priced;
        if (line.Context.Release is not { } release)
        {
            if (open)
            {
                line.Decide(this, PriceOutcome.NoRelease, RemittanceCodes.PendingReview);
            }

            return;
        }

        var code = line.Line.Hcpcs;
        int i = release.Rvus.IndexOf(code, line.RowModifier);
        if (i >= 0)
        {
            line.UseRow(release.Rvus.EntryArray, i);
            return;
        }

        if (!open)
        {
            return;
        }

        var (outcome, remittance) = Missing(release, code, line.RowModifier);
        line.Decide(this, outcome, remittance);
    }

    /// <summary>The outcome of a code and modifier the release has no row for.</summary>
    internal static (PriceOutcome Outcome, RemittanceCode Code) Missing(FeeScheduleRelease release, HcpcsCode code, Modifier modifier)
    {
        if (!release.Rvus.Contains(code))
        {
            return (PriceOutcome.UnknownCode, RemittanceCodes.InvalidOnDate);
        }

        return modifier == Modifier.ProfessionalComponent || modifier == Modifier.TechnicalComponent ? (PriceOutcome.InvalidModifier, RemittanceCodes.ModifierInconsistent)
            : modifier == Modifier.Discontinued ? (PriceOutcome.CarrierPriced, RemittanceCodes.PendingReview)
            : (PriceOutcome.UnknownCode, RemittanceCodes.InvalidOnDate);
    }

    public override string Detail(in Adjustment adjustment, in LinePrice price) => price.Reason;
}
