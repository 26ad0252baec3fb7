using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>
/// Anesthesia (status J): (base units + time units) x the anesthesia conversion factor of the locality (ANES file) or,
/// nationally, of the final rule. Time units are the minutes / 15 to one decimal, none for 01995 and 01996; AD pays 3
/// base units and no time. The anesthesia payment modifiers on any other code are invalid.
/// </summary>
internal sealed class AnesthesiaRule : LineRule
{
    public static readonly AnesthesiaRule Instance = new();

    private static readonly HcpcsCode Anesthesia01995 = HcpcsCode.Parse("01995");
    private static readonly HcpcsCode Anesthesia01996 = HcpcsCode.Parse("01996");

    /// <summary>Base units paid for medical supervision (AD), without time units.</summary>
    internal const int SupervisionBaseUnits = 3;

    /// <summary>Minutes in one time unit.</summary>
    internal const decimal MinutesPerTimeUnit = 15m;

    public override PricingRule Rule => PricingRule.Anesthesia;

    public override RuleNeeds Needs => new(AnyEffect: ModifierEffect.Anesthesia, AnySeen: Seen.Anesthesia);

    public override string Name => "anesthesia";

    public override string Source => "Claims Processing Manual (Pub. 100-04) ch. 12 section 50: time units are minutes / 15 to one decimal (none for 01995/01996); anesthesia CF from the ANES file (locality) or the final rule (national)";

    public override RemittanceCode Remittance => RemittanceCodes.BillingError;

    public override System.Collections.Immutable.ImmutableArray<RemittanceCode> Writes => [RemittanceCodes.ModifierInconsistent, RemittanceCodes.InvalidUnits, RemittanceCodes.BillingError, RemittanceCodes.PendingReview];

    protected override LineFilter Filter => LineFilter.Priced | LineFilter.AnesthesiaOrItsModifiers;

    protected override void Apply(ref LineView line)
    {
        ref readonly var l = ref line.Line;
        var effect = line.Effect;
        if (!line.Anesthesia)
        {
            if ((effect & ModifierEffect.Anesthesia) != 0)
            {
                line.Decide(this, PriceOutcome.InvalidModifier, RemittanceCodes.ModifierInconsistent,
                    $"{l.Hcpcs} is not an anesthesia code (status {(char)line.Row.Status}): AA, AD, QK, QX, QY and QZ price anesthesia only.");
            }

            return;
        }

        ref readonly var context = ref line.Context;
        var release = context.Release!;
        if (context.LocationFailure is { } failure)
        {
            line.Decide(this, PriceOutcome.UnknownLocation, RemittanceCodes.BillingError, failure);
            return;
        }

        if ((effect & (ModifierEffect.RowModifier | ModifierEffect.GlobalShare | ModifierEffect.Surgeons | ModifierEffect.Bilateral50)) != 0)
        {
            line.Decide(this, PriceOutcome.InvalidModifier, RemittanceCodes.ModifierInconsistent, $"{l.Hcpcs} is an anesthesia code: 26, TC, 53, 50, 54-56, 78, 80-82, AS, 62 and 66 do not apply to it.");
            return;
        }

        decimal cf;
        if (context.Locality is { } locality)
        {
            if (!release.Anesthesia.TryGet(locality.Key, line.Claim.ApmStatus, out cf))
            {
                line.Decide(this, PriceOutcome.UnknownLocation, RemittanceCodes.BillingError, release.Anesthesia.Count == 0
                    ? $"{release.Id} was loaded without an ANES file: anesthesia can be priced nationally only."
                    : $"{locality.Key} is not in {release.Id}'s ANES file.");
                return;
            }
        }
        else if (context.Period is { } period)
        {
            cf = period.AnesthesiaFor(line.Claim.ApmStatus);
        }
        else if (release.Anesthesia.National is { } national)
        {
            cf = national;
        }
        else
        {
            line.Decide(this, PriceOutcome.CarrierPriced, RemittanceCodes.PendingReview, $"No anesthesia conversion factor is known for {l.DateOfService:yyyy-MM-dd}.");
            return;
        }

        bool supervision = (effect & ModifierEffect.AnesthesiaSupervision) != 0;
        if (l.AnesthesiaBaseUnits is not { } baseUnits && !supervision)
        {
            line.Decide(this, PriceOutcome.InvalidLine, RemittanceCodes.InvalidUnits,
                $"{l.Hcpcs} is an anesthesia code: give its base units (CMS anesthesia base units file; the RVU file has none) and the anesthesia minutes.");
            return;
        }

        int units = supervision ? SupervisionBaseUnits : l.AnesthesiaBaseUnits!.Value;
        decimal time = supervision || l.Hcpcs == Anesthesia01995 || l.Hcpcs == Anesthesia01996
            ? 0m
            : Math.Round(l.AnesthesiaMinutes / MinutesPerTimeUnit, 1, MidpointRounding.AwayFromZero);
        line.Assess(
            context.Match switch { ReleaseMatch.InForce => PriceConfidence.High, ReleaseMatch.EarlierReleaseMissing => PriceConfidence.Low, _ => PriceConfidence.Medium },
            context.Match switch
            {
                ReleaseMatch.InForce => "anesthesia formula, conversion factor from CMS",
                ReleaseMatch.EarlierReleaseMissing => "release in force not loaded; a later release of the year used",
                _ => "later release of the year not loaded",
            });
        line.Adjust(this, (units + time) * cf, cf, time, units);
    }

    public override string Detail(in Adjustment adjustment, in LinePrice price)
        => adjustment.Decision ? price.DecisionText! : string.Create(CultureInfo.InvariantCulture, $"({adjustment.Arg} base units + {adjustment.Value} time units) x anesthesia conversion factor {adjustment.Factor}");

    public override string Reason(in Adjustment adjustment, in LinePrice price) => price.DecisionText!;

    /// <summary>The sentence of a priced anesthesia line.</summary>
    internal static string Sentence(string described, FeeScheduleRelease release)
        => $"{described} priced as anesthesia from {release.Id}: (base units + time units) x anesthesia conversion factor.";

    public override void AddWarnings(in LinePrice price, System.Collections.Immutable.ImmutableArray<string>.Builder warnings)
    {
        if (price.Line.AnesthesiaMinutes > 0 && !price.IsAnesthesia && price.Outcome == PriceOutcome.Priced)
        {
            warnings.Add("Anesthesia minutes are given on a line that is not an anesthesia code; they are ignored.");
        }
    }
}
