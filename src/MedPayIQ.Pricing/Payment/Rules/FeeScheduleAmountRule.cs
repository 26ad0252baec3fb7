using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>
/// The fee schedule amount of one unit of the row: [(work RVU x work GPCI) + (PE RVU x PE GPCI) + (MP RVU x MP GPCI)]
/// x CF, the PE of the setting (facility or non-facility), rounded once. A setting marked NA is priced with the
/// file's PE at Medium confidence, as CMS's payment files do. A location the release does not have is answered here.
/// </summary>
internal sealed class FeeScheduleAmountRule : LineRule
{
    public static readonly FeeScheduleAmountRule Instance = new();

    public override PricingRule Rule => PricingRule.FeeScheduleAmount;

    public override string Name => "fee schedule amount";

    public override string Source => "CMS RVU file readme, payment formula";

    public override RemittanceCode Remittance => RemittanceCodes.BillingError;

    public override System.Collections.Immutable.ImmutableArray<RemittanceCode> Writes => [RemittanceCodes.BillingError];

    protected override void Apply(ref LineView line)
    {
        ref readonly var context = ref line.Context;
        if (context.LocationFailure is not null)
        {
            line.Decide(this, PriceOutcome.UnknownLocation, Remittance);
            return;
        }

        ref readonly var row = ref line.Row;
        line.PriceFee(Amount(context, row, line.Setting), row.HasOppsRvus);
        var (confidence, reason) = ServicePrice.Assess(row, line.Setting, context.ByZip && context.Zip.PlusFourRequired, context.Match);
        line.Assess(confidence, reason);
    }

    /// <summary>The formula for one row in a resolved context, rounded once.</summary>
    internal static decimal Amount(in PricingContext context, in RvuEntry row, PricingSetting setting)
    {
        var gpci = context.Locality ?? Locality.National;
        int pe = setting == PricingSetting.Facility ? row.FacilityPeHundredths : row.NonFacilityPeHundredths;
        return FeeFormula.Amount(row.WorkHundredths, pe, row.MpHundredths, gpci, context.ConversionFactor, context.FactorTenThousandths);
    }

    /// <summary>The formula before its one rounding.</summary>
    internal static decimal Exact(in PricingContext context, in RvuEntry row, PricingSetting setting)
    {
        var gpci = context.Locality ?? Locality.National;
        int pe = setting == PricingSetting.Facility ? row.FacilityPeHundredths : row.NonFacilityPeHundredths;
        return FeeFormula.Unrounded(row.WorkHundredths, pe, row.MpHundredths, gpci, context.ConversionFactor, context.FactorTenThousandths);
    }

    /// <summary>The step's detail: every RVU, GPCI and the conversion factor.</summary>
    internal static string Describe(in RvuEntry row, Locality? locality, PricingSetting setting, decimal conversionFactor)
    {
        bool facility = setting == PricingSetting.Facility;
        decimal wg = locality?.WorkGpci ?? 1m, pg = locality?.PracticeExpenseGpci ?? 1m, mg = locality?.MalpracticeGpci ?? 1m;
        var pe = facility ? row.FacilityPracticeExpenseRvu : row.NonFacilityPracticeExpenseRvu;
        return string.Create(CultureInfo.InvariantCulture,
            $"({row.WorkRvu} x {wg} + {pe} x {pg} + {row.MalpracticeRvu} x {mg}) x {conversionFactor}, {(facility ? "facility" : "non-facility")}, {(locality is null ? "national" : locality.Key.ToString())}, rounded once");
    }

    /// <summary>The step's source: the readme and where the conversion factor comes from.</summary>
    internal static string SourceFor(FeeScheduleRelease release, ConversionFactorPeriod? period)
        => $"CMS RVU file readme ({release.Id}), payment formula; {period?.Source ?? $"CONV FACTOR of {release.Id}"}";

    public override string Detail(in Adjustment adjustment, in LinePrice price) => price.Reason;

    public override void WriteSteps(in LinePrice price, System.Collections.Immutable.ImmutableArray<PricingStep>.Builder steps)
    {
        if (!price.HasFee)
        {
            return;
        }

        ref readonly var context = ref price.Context;
        steps.Add(new PricingStep(Rule, Name, Describe(price.Row, context.Locality, price.Setting, context.ConversionFactor), price.Uncapped, SourceFor(context.Release!, context.Period)));
    }

    /// <summary>The NA setting's warnings.</summary>
    internal static void Warn(string described, in RvuEntry row, PricingSetting setting, System.Collections.Immutable.ImmutableArray<string>.Builder warnings)
    {
        bool facility = setting == PricingSetting.Facility;
        if (facility ? row.FacilityNotApplicable : row.NonFacilityNotApplicable)
        {
            warnings.Add($"{described} is marked NA in the {(facility ? "facility" : "non-facility")} setting (rarely or never done there); priced with the file's PE, as CMS's PF files do.");
            if (facility && row.PcTc == PcTcIndicator.DiagnosticTest && row.Modifier != Modifier.ProfessionalComponent)
            {
                warnings.Add("In a facility the technical component is paid to the facility: a practitioner bills the -26 row.");
            }
        }
    }
}
