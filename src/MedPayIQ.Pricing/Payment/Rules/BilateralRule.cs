using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>
/// Bilateral surgery, by the row's BILAT SURG indicator: 50, RT and LT on one line, or two units of an indicator 1 or
/// 3 code are one bilateral procedure (1: 150 % of one side; 0 and 2: 100 %; 3: 100 % each side; 9: invalid). An RT
/// line and an LT line of the same code on a day are paid together on the RT line, the lower of both charges and the fee.
/// </summary>
internal sealed class BilateralRule : DayRule
{
    public static readonly BilateralRule Instance = new();

    /// <summary>The payment of a bilateral procedure as a multiple of one side's fee, by BILAT SURG indicator.</summary>
    internal static decimal Factor(BilateralSurgeryIndicator indicator) => indicator switch
    {
        BilateralSurgeryIndicator.Adjustment150 => 1.5m,
        BilateralSurgeryIndicator.EachSide100 => 2m,
        _ => 1m,
    };

    public override PricingRule Rule => PricingRule.Bilateral;

    public override RuleNeeds Needs => new(AnyEffect: ModifierEffect.Bilateral50 | ModifierEffect.Right | ModifierEffect.Left, AnySeen: Seen.SeveralUnits);

    public override string Name => "bilateral";

    public override string Source => "RVU readme, BILAT SURG (modifier 50; RT and LT); Claims Processing Manual (Pub. 100-04) ch. 12 section 40.7";

    public override RemittanceCode Remittance => RemittanceCodes.Bundled;

    public override System.Collections.Immutable.ImmutableArray<RemittanceCode> Writes => [RemittanceCodes.Bundled, RemittanceCodes.ModifierInconsistent];

    public override void Apply(ref ClaimDay day)
    {
        bool sided = false;
        int priced = 0;
        foreach (int i in day.Lines)
        {
            var line = day.Line(i);
            if (!line.IsService)
            {
                continue;
            }

            priced++;
            OneLine(ref line);
            sided |= line.Outcome == PriceOutcome.Priced && (line.Effect & (ModifierEffect.Right | ModifierEffect.Left)) != 0;
        }

        if (sided && priced > 1)
        {
            Pairs(ref day);
        }
    }

    private void OneLine(ref LineView line)
    {
        ref readonly var l = ref line.Line;
        var effect = line.Effect;
        bool bothSides = (effect & ModifierEffect.Bilateral50) != 0 || (effect & (ModifierEffect.Right | ModifierEffect.Left)) == (ModifierEffect.Right | ModifierEffect.Left);
        var bilateral = line.Row.BilateralSurgery;
        bool oneSide = (effect & (ModifierEffect.Right | ModifierEffect.Left)) != 0; // two units on one side are two procedures there, not both sides
        if (!bothSides && !(l.Units == 2 && !oneSide && bilateral is BilateralSurgeryIndicator.Adjustment150 or BilateralSurgeryIndicator.AlreadyBilateral))
        {
            return;
        }

        if (bilateral == BilateralSurgeryIndicator.NotApplicable)
        {
            line.Decide(this, PriceOutcome.InvalidModifier, RemittanceCodes.ModifierInconsistent,
                $"{l.Hcpcs} has BILAT SURG indicator 9: the bilateral concept does not apply, so it is not billed with modifier 50 or with RT and LT on one line (RVU readme).");
            return;
        }

        decimal factor = Factor(bilateral);
        line.Adjust(this, line.Amount * factor, factor, line.Amount, (int)bilateral);
        line.MarkBilateral(line.ComparedChargeCents);
    }

    private void Pairs(ref ClaimDay day)
    {
        foreach (int r in day.Lines)
        {
            var right = day.Line(r);
            if (!OneSide(right, ModifierEffect.Right))
            {
                continue;
            }

            foreach (int l in day.Lines)
            {
                var left = day.Line(l);
                if (!OneSide(left, ModifierEffect.Left) || left.Line.Hcpcs != right.Line.Hcpcs || left.RowModifier != right.RowModifier)
                {
                    continue;
                }

                var indicator = right.Row.BilateralSurgery;
                decimal factor = Factor(indicator);
                long charge = right.ComparedChargeCents >= 0 && left.ComparedChargeCents >= 0 ? right.ComparedChargeCents + left.ComparedChargeCents : -1;
                right.Adjust(this, right.Amount * factor, factor, right.Amount, (int)indicator, l + 1);
                right.MarkBilateral(charge);
                left.Decide(this, PriceOutcome.Bundled, Remittance, null, (int)indicator, r + 1);
                break;
            }
        }
    }

    private static bool OneSide(in LineView line, ModifierEffect side)
        => line.IsService && !line.Bilateral && line.Line.Units == 1
        && (line.Effect & (ModifierEffect.Right | ModifierEffect.Left | ModifierEffect.Bilateral50)) == side
        && line.Row.BilateralSurgery is BilateralSurgeryIndicator.NoAdjustment or BilateralSurgeryIndicator.Adjustment150 or BilateralSurgeryIndicator.AlreadyBilateral;

    public override string Detail(in Adjustment adjustment, in LinePrice price)
    {
        var inv = CultureInfo.InvariantCulture;
        if (adjustment.Decision && adjustment.Arg2 == 0)
        {
            return price.DecisionText!;
        }

        return adjustment.Decision ? string.Create(inv, $"the other side of line {adjustment.Arg2}: paid there")
            : adjustment.Arg2 == 0 ? string.Create(inv, $"BILAT SURG indicator {adjustment.Arg}: {adjustment.Factor:P0} of one side's fee {adjustment.Value}")
            : string.Create(inv, $"with line {adjustment.Arg2} (the other side), BILAT SURG indicator {adjustment.Arg}: {adjustment.Factor:P0} of one side's fee {adjustment.Value}, paid on this line");
    }

    public override string Reason(in Adjustment adjustment, in LinePrice price)
        => adjustment.Arg2 == 0 ? price.DecisionText!
        : $"{price.Described} is the other side of the bilateral procedure on line {adjustment.Arg2}, which carries the payment for both sides (RVU readme, BILAT SURG).";

    public override decimal? FactorOf(in Adjustment adjustment) => adjustment.Decision ? null : adjustment.Factor;

    public override void AddWarnings(in LinePrice price, System.Collections.Immutable.ImmutableArray<string>.Builder warnings)
    {
        if (price.Line.Units != 1 && (price.Effect & ModifierEffect.Bilateral50) != 0)
        {
            warnings.Add("Modifier 50 is billed with one unit; the line is priced as one bilateral procedure.");
        }
    }
}
