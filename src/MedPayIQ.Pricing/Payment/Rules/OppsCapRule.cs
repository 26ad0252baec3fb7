using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>
/// The OPPS cap: for a row with OPPS RVUs (imaging), the fee is the lesser of the fee schedule amount and the
/// OPPS-based amount of the same formula, in the setting and locality.
/// </summary>
internal sealed class OppsCapRule : LineRule
{
    public static readonly OppsCapRule Instance = new();

    public override PricingRule Rule => PricingRule.OppsCap;

    public override RuleNeeds Needs => new(AnySeen: Seen.OppsCap);

    public override string Name => "OPPS cap";

    public override string Source => "Deficit Reduction Act of 2005 section 5102(b); RVU readme, OPPS payment amount; OPPSCAP file";

    public override System.Collections.Immutable.ImmutableArray<RemittanceCode> Writes => [RemittanceCodes.ChargeExceedsFeeSchedule];

    protected override LineFilter Filter => LineFilter.Priced | LineFilter.NotAnesthesia | LineFilter.OppsCap;

    protected override void Apply(ref LineView line)
    {
        if (!line.Row.HasOppsRvus)
        {
            return;
        }

        decimal cap = Amount(line.Context, line.Row, line.Setting);
        if (cap < line.Fee)
        {
            line.Cap(cap);
        }
    }

    /// <summary>The OPPS-based amount of a row with OPPS RVUs, rounded once.</summary>
    internal static decimal Amount(in PricingContext context, in RvuEntry row, PricingSetting setting)
    {
        var gpci = context.Locality ?? Locality.National;
        int pe = setting == PricingSetting.Facility ? row.OppsFacilityPeHundredths : row.OppsNonFacilityPeHundredths;
        return FeeFormula.Amount(row.WorkHundredths, pe, row.OppsMpHundredths, gpci, context.ConversionFactor, context.FactorTenThousandths);
    }

    /// <summary>The OPPS-based amount before its one rounding.</summary>
    internal static decimal Exact(in PricingContext context, in RvuEntry row, PricingSetting setting)
    {
        var gpci = context.Locality ?? Locality.National;
        int pe = setting == PricingSetting.Facility ? row.OppsFacilityPeHundredths : row.OppsNonFacilityPeHundredths;
        return FeeFormula.Unrounded(row.WorkHundredths, pe, row.OppsMpHundredths, gpci, context.ConversionFactor, context.FactorTenThousandths);
    }

    /// <summary>The step's detail.</summary>
    internal static string Describe(decimal cap, bool binds)
        => binds
            ? string.Create(CultureInfo.InvariantCulture, $"the OPPS-based amount {cap} is lower: it is paid")
            : string.Create(CultureInfo.InvariantCulture, $"the OPPS-based amount {cap} is not lower: no cap");

    public override string Detail(in Adjustment adjustment, in LinePrice price) => string.Empty;

    public override void WriteSteps(in LinePrice price, System.Collections.Immutable.ImmutableArray<PricingStep>.Builder steps)
    {
        if (price.HasFee && price.HasCap)
        {
            decimal cap = Amount(price.Context, price.Row, price.Setting), uncapped = price.Uncapped;
            steps.Add(Step(Describe(cap, cap < uncapped), uncapped, price.FeeScheduleAmount));
        }
    }
}
