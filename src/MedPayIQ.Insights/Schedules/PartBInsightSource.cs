using System.Collections.Immutable;

namespace MedPayIQ.Insights;

/// <summary>
/// A source that speaks of a code another Part B schedule pays (clinical laboratory, DMEPOS or PEN, Part B drugs): it
/// runs only when the calculator routes the code, billed alone, to one of them. Every amount is a claim the calculator
/// priced; every file, row and CMS source is the one the calculator's Part B step names.
/// </summary>
internal abstract class PartBInsightSource : InsightSource
{
    public sealed override void Add(InsightContext context)
    {
        if (context.OnOtherSchedule)
        {
            Add(context, context.Bare);
        }
    }

    /// <summary>Adds the insights of a code another schedule pays; <paramref name="bare"/> is the code alone on a line, priced.</summary>
    protected abstract void Add(InsightContext context, LinePrice bare);

    /// <summary>A one-line claim of the code with modifiers, on a date, for a beneficiary ZIP code (the request's when <c>null</c>), priced.</summary>
    protected static (Claim Claim, LinePrice Line) Price(InsightContext c, ModifierSet modifiers, DateOnly? date = null, string? beneficiaryZip = null, decimal? deductibleRemaining = null)
    {
        var claim = c.NewClaim(c.Primary, new ClaimLine(date ?? c.Date, c.Code, modifiers)) with
        {
            BeneficiaryZip = beneficiaryZip ?? c.Request.BeneficiaryZip,
            DeductibleRemaining = deductibleRemaining,
        };
        return (claim, c.Calculator.Price(claim).Lines[0]);
    }

    /// <summary>The code with modifiers, as a label: <c>E0601-RR</c>.</summary>
    protected static string Label(HcpcsCode code, ModifierSet modifiers) => modifiers.Count == 0 ? code.ToString() : $"{code}-{modifiers.ToString().Replace(',', '-')}";

    /// <summary>The step the Part B schedule rule wrote for a priced line (the row, amount and file), or <c>null</c>.</summary>
    protected static PricingStep? ScheduleStep(in LinePrice line)
    {
        foreach (var step in line.Steps)
        {
            if (step.Rule == PricingRule.PartBSchedule)
            {
                return step;
            }
        }

        return null;
    }

    /// <summary>The schedule file a line was priced from (or routed to), as evidence: its row as the calculator's step states it, else <paramref name="row"/>.</summary>
    protected static InsightEvidence Evidence(in LinePrice line, string row)
    {
        var file = line.ScheduleProvenance?.Files.FirstOrDefault();
        string read = ScheduleStep(line) is { } step ? step.Detail : row;
        return new InsightEvidence(line.ScheduleName ?? line.Schedule.ToString(), file?.Name ?? line.ScheduleProvenance?.Origin ?? "", read, file?.Sha256 ?? "");
    }

    /// <summary>The rows of a DMEPOS or PEN schedule for the code: each distinct pair of pricing modifiers, in the file's order.</summary>
    protected static List<ModifierSet> DmeposRows(DmeposFeeSchedule schedule, HcpcsCode code)
    {
        var rows = new List<ModifierSet>();
        foreach (var item in schedule.Rows)
        {
            if (item.Hcpcs != code)
            {
                continue;
            }

            var set = item.Modifier2.IsSome ? ModifierSet.Of(item.Modifier, item.Modifier2) : item.Modifier.IsSome ? ModifierSet.Of(item.Modifier) : default;
            if (!rows.Contains(set))
            {
                rows.Add(set);
            }
        }

        return rows;
    }

    /// <summary>The DMEPOS or PEN schedule a line was priced from (or routed to), by its name.</summary>
    protected static DmeposFeeSchedule? Dmepos(InsightContext c, in LinePrice line)
    {
        string? name = line.ScheduleName;
        return name is null ? null : c.Catalog.DmeposSchedules.Concat(c.Catalog.DmeposNutritionSchedules).FirstOrDefault(s => s.Name == name);
    }

    /// <summary>The ASP file a line was priced from, by its name.</summary>
    protected static DrugPaymentLimits? Drugs(InsightContext c, in LinePrice line)
    {
        string? name = line.ScheduleName;
        return name is null ? null : c.Catalog.DrugPaymentLimits.FirstOrDefault(s => s.Name == name);
    }

    /// <summary>The CLFS quarter a line was priced from (or routed to), by its name.</summary>
    protected static ClinicalLabFeeSchedule? Lab(InsightContext c, in LinePrice line)
    {
        string? name = line.ScheduleName;
        return name is null ? null : c.Catalog.ClinicalLabSchedules.FirstOrDefault(s => s.Name == name);
    }

    /// <summary>The code's lines the schedule prices in the primary setting: the bare code, or for a DMEPOS item each of its rows' modifiers.</summary>
    protected static List<(ModifierSet Modifiers, Claim Claim, LinePrice Line)> Lines(InsightContext c, in LinePrice bare)
    {
        var lines = new List<(ModifierSet, Claim, LinePrice)>();
        if (bare.Schedule == PaymentSchedule.Dmepos && Dmepos(c, bare) is { } dme)
        {
            foreach (var modifiers in DmeposRows(dme, c.Code))
            {
                var (claim, line) = Price(c, modifiers);
                lines.Add((modifiers, claim, line));
            }
        }

        if (lines.Count == 0)
        {
            var (claim, line) = Price(c, default);
            lines.Add((default, claim, line));
        }

        return lines;
    }

    protected static ImmutableArray<InsightEvidence> Distinct(IEnumerable<InsightEvidence> evidence) => [.. evidence.Distinct()];
}
