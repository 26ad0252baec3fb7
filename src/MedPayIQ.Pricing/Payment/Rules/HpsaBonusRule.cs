using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>
/// The HPSA physician bonus: 10 % of the Medicare payment on the professional share (none for a TC, the 26 row's share
/// of a global diagnostic test), for physicians in a shortage area or billing AQ. Paid quarterly, apart from the claim.
/// </summary>
internal sealed class HpsaBonusRule : LineRule
{
    public static readonly HpsaBonusRule Instance = new();

    /// <summary>The bonus as a share of the Medicare payment.</summary>
    internal const decimal Rate = 0.1m;

    public override PricingRule Rule => PricingRule.HpsaBonus;

    public override RuleNeeds Needs => new(AnySeen: Seen.HpsaBonus);

    public override string Name => "HPSA bonus";

    public override string Source => "Social Security Act section 1833(m); Claims Processing Manual (Pub. 100-04) ch. 12 section 90.4: 10% of the amount paid, professional component only";

    public override System.Collections.Immutable.ImmutableArray<RemittanceCode> Writes => [];

    protected override LineFilter Filter => LineFilter.Priced;

    protected override bool AppliesTo(Claim claim, in SeenOnClaim seen)
        => claim.Provider == ProviderKind.Physician && (claim.InShortageArea || (seen.Effects & ModifierEffect.Hpsa) != 0);

    protected override void Apply(ref LineView line)
    {
        var claim = line.Claim;
        long payment = line.Payment;
        if (claim.Provider != ProviderKind.Physician || (!claim.InShortageArea && (line.Effect & ModifierEffect.Hpsa) == 0) || payment <= 0)
        {
            return;
        }

        decimal share = ProfessionalShare(line.Anesthesia, line.Row, line.Fee, line.Context, line.Line.Hcpcs, line.Setting);
        if (share > 0m)
        {
            line.SetHpsaBonus(Money.Cents(Money.Dollars(payment) * Rate * share));
        }
    }

    /// <summary>The share of a line that is professional: all of it, none for a TC, the 26 row's share of a global diagnostic test.</summary>
    internal static decimal ProfessionalShare(bool anesthesia, in RvuEntry row, decimal fee, in PricingContext context, HcpcsCode code, PricingSetting setting)
    {
        if (anesthesia)
        {
            return 1m;
        }

        if (row.Modifier == Modifier.TechnicalComponent || row.PcTc == PcTcIndicator.TechnicalComponentOnly)
        {
            return 0m;
        }

        if (row.PcTc != PcTcIndicator.DiagnosticTest || row.Modifier == Modifier.ProfessionalComponent)
        {
            return 1m;
        }

        return PaymentCalculator.TryFee(context, code, Modifier.ProfessionalComponent, setting, out decimal pc) && fee > 0m ? Math.Min(pc / fee, 1m) : 0m;
    }

    public override string Detail(in Adjustment adjustment, in LinePrice price) => string.Empty;

    public override void WriteSteps(in LinePrice price, System.Collections.Immutable.ImmutableArray<PricingStep>.Builder steps)
    {
        if (price.HpsaBonus <= 0m)
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        decimal share = ProfessionalShare(price.IsAnesthesia, price.Row, price.FeeScheduleAmount, price.Context, price.Line.Hcpcs, price.Setting);
        string on = share != 1m ? string.Create(inv, $" on the professional component's share {share:0.####}") : "";
        decimal paid = price.MedicarePayment;
        steps.Add(Step(string.Create(inv, $"10% of the Medicare payment{on}: {price.HpsaBonus}, paid quarterly apart from the claim"), paid, paid, share));
    }
}
