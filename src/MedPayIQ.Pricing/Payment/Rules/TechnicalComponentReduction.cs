using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>
/// The reduction of the second and later diagnostic tests of one family on a day: technical components ranked by
/// their fee, the first paid in full and every other one less <see cref="TechnicalRate"/>; professional components
/// likewise less <see cref="ProfessionalRate"/>. A reduced line is priced from its components' unrounded amounts
/// (a global line's are its own 26 and TC rows') and rounded once, with the rest of the claim.
/// </summary>
internal abstract class TechnicalComponentReduction : DayRule
{
    /// <summary>The MULT PROC indicator of the family.</summary>
    public abstract MultipleProcedureIndicator Indicator { get; }

    /// <summary>The share of the technical component taken off the second and later.</summary>
    public abstract decimal TechnicalRate { get; }

    /// <summary>The share of the professional component taken off the second and later (0: none).</summary>
    public virtual decimal ProfessionalRate => 0m;

    public override RemittanceCode Remittance => RemittanceCodes.MultipleProcedureRules;

    public override RuleNeeds Needs => new(AnyIndicator: RuleNeeds.Bit(Indicator));

    public override void Apply(ref ClaimDay day)
    {
        var indicator = Indicator; // the family's constants, read once (not per line)
        decimal technicalRate = TechnicalRate, professionalRate = ProfessionalRate;
        int m = day.Count(RuleNeeds.Bit(indicator));
        if (m == 0 || (m == 1 && UnitsOfTheOnlyLine(ref day, indicator) < 2))
        {
            return; // a lone test of the family: nothing is reduced, no component to compute
        }

        // The day's lines of the family, each with its unrounded TC and PC: ranked apart, then priced from them.
        // Stryker disable once Conditional,Equality : stack or heap scratch of the same contents; only where the memory lives differs
        Span<RankItem> technical = m <= 16 ? stackalloc RankItem[m] : new RankItem[m];
        // Stryker disable once Conditional,Equality : stack or heap scratch of the same contents; only where the memory lives differs
        Span<RankItem> professional = m <= 16 ? stackalloc RankItem[m] : new RankItem[m];
        // Stryker disable once Conditional,Equality : stack or heap scratch of the same contents; only where the memory lives differs
        Span<decimal> tc = m <= 16 ? stackalloc decimal[m] : new decimal[m];
        // Stryker disable once Conditional,Equality : stack or heap scratch of the same contents; only where the memory lives differs
        Span<decimal> pc = m <= 16 ? stackalloc decimal[m] : new decimal[m];
        // Stryker disable once Conditional,Equality : stack or heap scratch of the same contents; only where the memory lives differs
        Span<int> lines = m <= 16 ? stackalloc int[m] : new int[m];
        int q = 0, tcItems = 0, pcItems = 0;
        long tcTotal = 0, pcTotal = 0;
        foreach (int i in day.Lines)
        {
            var line = day.Line(i);
            if (!line.IsService || line.Mult != indicator)
            {
                continue;
            }

            lines[q] = i;
            (tc[q], pc[q]) = Components(line, day.Context);
            long count = Count(line);
            if (tc[q] > 0m)
            {
                technical[tcItems++] = new RankItem { Line = i, Family = q, Value = tc[q], Count = count, TieKey = line.TieKey };
                tcTotal += count;
            }

            if (pc[q] > 0m && professionalRate > 0m)
            {
                professional[pcItems++] = new RankItem { Line = i, Family = q, Value = pc[q], Count = count, TieKey = line.TieKey };
                pcTotal += count;
            }

            q++;
        }

        if (tcTotal < 2 && pcTotal < 2)
        {
            return;
        }

        // Ranks: per line of the family, the reduced units and the ranks they hold (first, last), TC then PC (zeroed, stack or heap).
        // Stryker disable once Conditional,Equality : stack or heap scratch of the same contents; only where the memory lives differs
        Span<long> ranks = m <= 16 ? stackalloc long[m * 6] : new long[m * 6];
        if (tcTotal > 1)
        {
            Rank(technical[..tcItems], ranks, 0);
        }

        if (pcTotal > 1)
        {
            Rank(professional[..pcItems], ranks, 3);
        }

        for (q = 0; q < m; q++)
        {
            long tcReduced = ranks[(q * 6) + 0], pcReduced = ranks[(q * 6) + 3];
            if (tcReduced == 0 && pcReduced == 0)
            {
                continue;
            }

            var line = day.Line(lines[q]);
            long count = Count(line);
            decimal full = line.Fee * count;
            decimal scale = full == 0m || line.Amount == full ? 1m : line.Amount / full; // the line's own modifiers (bilateral 150 %)
            decimal tcPaid = tc[q] * (count - (tcReduced * technicalRate)), pcFull = pc[q] * count;
            if (tcReduced > 0)
            {
                decimal after = tcPaid + pcFull;
                line.Adjust(this, scale == 1m ? after : scale * after, technicalRate, tc[q], (int)ranks[(q * 6) + 1], (int)ranks[(q * 6) + 2]);
            }

            if (pcReduced > 0)
            {
                decimal after = tcPaid + (pc[q] * (count - (pcReduced * professionalRate)));
                line.Adjust(this, scale == 1m ? after : scale * after, professionalRate, pc[q], (int)ranks[(q * 6) + 4], (int)ranks[(q * 6) + 5]);
            }
        }
    }

    /// <summary>The units of the day's one line of the family.</summary>
    private static long UnitsOfTheOnlyLine(ref ClaimDay day, MultipleProcedureIndicator indicator)
    {
        foreach (int i in day.Lines)
        {
            var line = day.Line(i);
            if (line.IsService && line.Mult == indicator)
            {
                return Count(line);
            }
        }

        return 0;
    }

    private static long Count(in LineView line)
        => line.Bilateral ? (line.Row.BilateralSurgery == BilateralSurgeryIndicator.EachSide100 ? 2 : 1) : line.RankUnits;

    private static void Rank(Span<RankItem> ranking, Span<long> ranks, int offset)
    {
        RankItem.Sort(ranking);
        long rank = 1;
        foreach (ref readonly var item in ranking)
        {
            long first = rank;
            rank += item.Count;
            long reduced = first == 1 ? item.Count - 1 : item.Count;
            int at = (item.Family * 6) + offset;
            ranks[at] = reduced;
            ranks[at + 1] = Math.Min(first == 1 ? 2 : first, int.MaxValue);
            ranks[at + 2] = Math.Min(rank - 1, int.MaxValue);
        }
    }

    /// <summary>
    /// One unit's technical and professional amounts, unrounded (after the OPPS cap): the TC or 26 row's own, or for a
    /// global diagnostic test both rows'.
    /// </summary>
    internal static (decimal Technical, decimal Professional) Components(in LineView line, in PricingContext context)
    {
        ref readonly var row = ref line.Row;
        if (row.Modifier == Modifier.TechnicalComponent)
        {
            return (Exact(context, row, line.Setting), 0m);
        }

        if (row.Modifier == Modifier.ProfessionalComponent)
        {
            return (0m, Exact(context, row, line.Setting));
        }

        switch (row.PcTc)
        {
            case PcTcIndicator.DiagnosticTest:
                int tcRow = line.SiblingRow(Modifier.TechnicalComponent), pcRow = line.SiblingRow(Modifier.ProfessionalComponent);
                return tcRow >= 0 && Payable(line.RowAt(tcRow)) && pcRow >= 0 && Payable(line.RowAt(pcRow))
                    ? (Exact(context, line.RowAt(tcRow), line.Setting), Exact(context, line.RowAt(pcRow), line.Setting)) : (Exact(context, row, line.Setting), 0m);
            case PcTcIndicator.ProfessionalComponentOnly:
                return (0m, Exact(context, row, line.Setting));
            case PcTcIndicator.GlobalTestOnly:
                return (0m, 0m); // its TC is another code: no row here says which
            default:
                return (Exact(context, row, line.Setting), 0m);
        }
    }

    private static bool Payable(in RvuEntry row) => row.Status is StatusCode.Active or StatusCode.Injection;

    /// <summary>A row's amount before rounding, after the OPPS cap.</summary>
    private static decimal Exact(in PricingContext context, in RvuEntry row, PricingSetting setting)
    {
        decimal exact = FeeScheduleAmountRule.Exact(context, row, setting);
        return row.HasOppsRvus ? Math.Min(exact, OppsCapRule.Exact(context, row, setting)) : exact;
    }

    public override string Detail(in Adjustment adjustment, in LinePrice price)
    {
        var inv = CultureInfo.InvariantCulture;
        bool technical = adjustment.Factor == TechnicalRate;
        string ranks = adjustment.Arg == adjustment.Arg2 ? adjustment.Arg.ToString(inv) : string.Create(inv, $"{adjustment.Arg}-{adjustment.Arg2}");
        return string.Create(inv, $"{(technical ? "technical" : "professional")} component ranked {ranks} by {(technical ? "TC" : "PC")} fee: {adjustment.Factor:0.##%} off {FeeFormula.Round(adjustment.Value)} (priced from the unrounded components, rounded once)");
    }
}
