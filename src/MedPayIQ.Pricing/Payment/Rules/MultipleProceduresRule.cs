using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>
/// Multiple surgical procedures (MULT PROC 1, 2 and 3) on a day, an endoscopy family counting as one: ranked by
/// amount, paid 100 % for the first and 50 % for the second to fifth (indicator 1, before 1995: 100 / 50 / 25 %); the
/// sixth and later 50 % by report, at Low confidence. Each unit of a line is ranked.
/// </summary>
internal sealed class MultipleProceduresRule : DayRule
{
    public static readonly MultipleProceduresRule Instance = new();

    /// <summary>The share of the second and later procedures.</summary>
    internal const decimal SecondAndLaterShare = 0.5m;

    /// <summary>The share of the third and later procedures under indicator 1 (the pre-1995 rule).</summary>
    internal const decimal ThirdAndLaterShare1995 = 0.25m;

    /// <summary>The last rank paid by rule; later ones are by report.</summary>
    internal const int LastRankByRule = 5;

    public override PricingRule Rule => PricingRule.MultipleProcedures;

    public override RuleNeeds Needs => new(AnyIndicator: RuleNeeds.Bit(MultipleProcedureIndicator.Standard) | RuleNeeds.Bit(MultipleProcedureIndicator.Standard1995) | RuleNeeds.Bit(MultipleProcedureIndicator.Endoscopy));

    public override string Name => "multiple procedures";

    public override string Source => "RVU readme, MULT PROC indicator 2: 100%, 50%, 50%, 50%, 50%, then by report; Claims Processing Manual (Pub. 100-04) ch. 12 section 40.6";

    public override RemittanceCode Remittance => RemittanceCodes.MultipleProcedureRules;

    private static bool Ranked(in LineView line)
        => line.IsService && line.Mult is MultipleProcedureIndicator.Standard or MultipleProcedureIndicator.Standard1995 or MultipleProcedureIndicator.Endoscopy;

    private static readonly uint Indicators = RuleNeeds.Bit(MultipleProcedureIndicator.Standard) | RuleNeeds.Bit(MultipleProcedureIndicator.Standard1995) | RuleNeeds.Bit(MultipleProcedureIndicator.Endoscopy);

    public override void Apply(ref ClaimDay day)
    {
        if (day.Count(Indicators) == 0)
        {
            return;
        }

        int n = day.Lines.Length;
        // Stryker disable once Conditional,Equality : stack or heap scratch of the same contents; only where the memory lives differs
        Span<RankItem> items = n <= 64 ? stackalloc RankItem[n] : new RankItem[n];
        int count = 0;
        long procedures = 0;
        foreach (int i in day.Lines)
        {
            var line = day.Line(i);
            if (!Ranked(line))
            {
                continue;
            }

            if (line.Mult != MultipleProcedureIndicator.Endoscopy)
            {
                items[count++] = new RankItem { Family = -1, Line = i, Value = line.Unit, Count = line.RankUnits, TieKey = line.TieKey, Indicator = line.Mult };
                procedures += line.RankUnits;
                continue;
            }

            // A family is one procedure: its members' amounts together, keyed by its highest member.
            int family = EndoscopyFamilyRule.FamilyOf(line);
            int k = 0;
            while (k < count && items[k].Family != family)
            {
                k++;
            }

            if (k == count)
            {
                items[count++] = new RankItem { Family = family, Line = i, Count = 1, TieKey = long.MaxValue, Indicator = MultipleProcedureIndicator.Endoscopy };
                procedures++;
            }

            items[k].Value += line.Amount;
            if (line.Unit > items[k].Secondary || (line.Unit == items[k].Secondary && line.TieKey < items[k].TieKey))
            {
                items[k].Secondary = line.Unit;
                items[k].TieKey = line.TieKey;
            }
        }

        if (procedures < 2)
        {
            return;
        }

        for (int k = 0; k < count; k++)
        {
            items[k].Secondary = 0m; // the family's top unit chose its tie key; ranking is by value, then code
        }

        var ranking = items[..count];
        RankItem.Sort(ranking);
        long rank = 1;
        foreach (ref readonly var item in ranking)
        {
            long first = rank, last = checked(rank + item.Count - 1);
            rank = last + 1;
            decimal factorSum = FactorSum(item.Indicator, first, last);
            if (item.Family < 0)
            {
                // A line's units are ranked one by one: its amount is one unit times the sum of their factors.
                var lone = day.Line(item.Line);
                Apply(ref lone, item.Value * factorSum, item.Count == 1 ? factorSum : 0m, first, last, procedures);
                continue;
            }

            foreach (int i in day.Lines)
            {
                var member = day.Line(i);
                if (EndoscopyFamilyRule.Member(member) && EndoscopyFamilyRule.FamilyOf(member) == item.Family)
                {
                    Apply(ref member, member.Amount * factorSum, factorSum, first, last, procedures);
                }
            }
        }
    }

    private void Apply(ref LineView line, decimal after, decimal factor, long first, long last, long procedures)
    {
        line.Adjust(this, after, first == last ? factor : 0m, procedures, (int)Math.Min(first, int.MaxValue), (int)Math.Min(last, int.MaxValue));
        if (last > LastRankByRule)
        {
            line.Lower(PriceConfidence.Low, "sixth or later procedure of the day: by report");
        }
    }

    /// <summary>The sum of the multiple-procedure factors of ranks <paramref name="first"/> to <paramref name="last"/>.</summary>
    internal static decimal FactorSum(MultipleProcedureIndicator indicator, long first, long last)
    {
        if (first == last)
        {
            return first == 1 ? 1m : first == 2 || indicator != MultipleProcedureIndicator.Standard1995 ? SecondAndLaterShare : ThirdAndLaterShare1995;
        }

        decimal sum = 0m;
        if (first == 1)
        {
            sum += 1m;
            first = 2;
        }

        if (last < first)
        {
            return sum;
        }

        if (indicator == MultipleProcedureIndicator.Standard1995)
        {
            if (first == 2)
            {
                sum += SecondAndLaterShare;
                first = 3;
            }

            return last < first ? sum : sum + ((last - first + 1) * ThirdAndLaterShare1995);
        }

        return sum + ((last - first + 1) * SecondAndLaterShare);
    }

    public override string Detail(in Adjustment adjustment, in LinePrice price)
    {
        var inv = CultureInfo.InvariantCulture;
        string ranks = adjustment.Arg == adjustment.Arg2 ? adjustment.Arg.ToString(inv) : string.Create(inv, $"{adjustment.Arg}-{adjustment.Arg2}");
        string share = adjustment.Factor == 0m ? "100% for the first, 50% for the second to fifth" : string.Create(inv, $"{adjustment.Factor:0.##%}");
        string byReport = adjustment.Arg > LastRankByRule || adjustment.Arg2 > LastRankByRule ? "; sixth and later: by report, 50% shown" : "";
        return string.Create(inv, $"ranked {ranks} of {adjustment.Value:0} procedures that day by fee: {share}{byReport}");
    }
}
