using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>
/// Multiple therapy services (MULT PROC 5): every unit of the day but one is paid with 50 % of its practice expense
/// (the PF payment files' therapy amounts). The unit kept whole is the one whose practice expense the reduction would
/// take most from; when two services tie there, the one with the higher fee schedule amount.
/// </summary>
internal sealed class TherapyRule : DayRule
{
    public static readonly TherapyRule Instance = new();

    /// <summary>The share of its practice expense a reduced unit is paid (<see cref="FeeFormula.TherapyReduced"/> halves the PE RVU units).</summary>
    internal const decimal ReducedPracticeExpenseShare = 0.5m;

    public override PricingRule Rule => PricingRule.Therapy;

    public override RuleNeeds Needs => new(AnyIndicator: RuleNeeds.Bit(MultipleProcedureIndicator.Therapy));

    public override string Name => "therapy multiple procedures";

    public override string Source => "RVU readme, MULT PROC indicator 5: 50% of the PE of the second and later units and services; PF payment files, therapy reduction amounts; Novitas JL, therapy multiple procedure payment reduction (the highest PE paid in full; on a tie, the higher total fee)";

    public override RemittanceCode Remittance => RemittanceCodes.MultipleProcedureRules;

    public override void Apply(ref ClaimDay day)
    {
        if (day.Count(RuleNeeds.Bit(MultipleProcedureIndicator.Therapy)) == 0)
        {
            return;
        }

        int n = day.Lines.Length;
        // Stryker disable once Conditional,Equality : stack or heap scratch of the same contents; only where the memory lives differs
        Span<RankItem> scratch = n <= 64 ? stackalloc RankItem[n] : new RankItem[n];
        int items = 0;
        long total = 0;
        foreach (int i in day.Lines)
        {
            var line = day.Line(i);
            if (line.IsService && line.Mult == MultipleProcedureIndicator.Therapy)
            {
                scratch[items++] = new RankItem { Line = i, Secondary = line.Fee, Count = line.RankUnits, TieKey = line.TieKey, Family = -1 };
                total += line.RankUnits;
            }
        }

        if (total < 2)
        {
            return; // one unit of therapy: nothing to reduce, no reduced amount to compute
        }

        foreach (ref var item in scratch[..items])
        {
            // Ranked by the practice expense the reduction takes away: the unit with the most is paid in full.
            var line = day.Line(item.Line);
            item.Value = line.Fee - Reduced(line, day.Context);
        }

        var ranking = scratch[..items];
        RankItem.Sort(ranking);
        bool first = true;
        foreach (ref readonly var item in ranking)
        {
            var line = day.Line(item.Line);
            long reducedUnits = first ? item.Count - 1 : item.Count;
            first = false;
            if (reducedUnits == 0)
            {
                continue;
            }

            decimal reduced = line.Fee - item.Value;
            line.Adjust(this, ((item.Count - reducedUnits) * line.Fee) + (reducedUnits * reduced), 0m, reduced, (int)Math.Min(reducedUnits, int.MaxValue), (int)Math.Min(item.Count, int.MaxValue));
        }
    }

    /// <summary>A therapy unit with 50% of its practice expense, as the PF file's therapy amounts (rounded once).</summary>
    internal static decimal Reduced(in LineView line, in PricingContext context)
    {
        ref readonly var row = ref line.Row;
        var gpci = context.Locality ?? Locality.National;
        int pe = line.Setting == PricingSetting.Facility ? row.FacilityPeHundredths : row.NonFacilityPeHundredths;
        return FeeFormula.TherapyReduced(row.WorkHundredths, pe, row.MpHundredths, gpci, context.ConversionFactor);
    }

    public override string Detail(in Adjustment adjustment, in LinePrice price)
        => string.Create(CultureInfo.InvariantCulture, $"{adjustment.Arg} of {adjustment.Arg2} units at {adjustment.Value} ({ReducedPracticeExpenseShare:0%} of the practice expense): not the day's unit with the highest practice expense");
}
