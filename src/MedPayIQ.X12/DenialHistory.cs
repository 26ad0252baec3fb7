using System.Collections.Immutable;
using MedPayIQ.Pricing;

namespace MedPayIQ.X12;

/// <summary>Where a remitted line is: the file, the claim (CLP01), the line's position in the claim and its SVC segment's number in the file.</summary>
/// <param name="File">The file or stream name the remittance was read from.</param>
/// <param name="ClaimId">CLP01.</param>
/// <param name="Line">The line's position in the claim, 1 for the first SVC.</param>
/// <param name="Segment">The SVC segment's number in the file (1 for ISA).</param>
public sealed record RemittanceLineReference(string File, string ClaimId, int Line, long Segment)
{
    /// <summary><c>payer.835 claim W-1 line 2 (segment 22)</c>.</summary>
    public override string ToString() => $"{File} claim {ClaimId} line {Line} (segment {Segment})";
}

/// <summary>One denied line: where, when, the denial adjustment and the other codes billed on the claim that date.</summary>
/// <param name="Where">The line.</param>
/// <param name="DateOfService">Its date of service (the line's, else the claim's first date), when known.</param>
/// <param name="Denial">The adjustment that denied it: the largest that is not the patient's (PR).</param>
/// <param name="SameDayCodes">The other codes on the claim with the same date of service (every other code when dates are unknown).</param>
public sealed record DeniedLine(RemittanceLineReference Where, DateOnly? DateOfService, CasAdjustment Denial, ImmutableArray<HcpcsCode> SameDayCodes);

/// <summary>The denials of a code for one group and reason code (CO-97, CO-151...), with each line as evidence.</summary>
/// <param name="Group">CO, OA, PI, CR.</param>
/// <param name="Reason">The claim adjustment reason code.</param>
/// <param name="Amount">The sum of the denial adjustments, dollars.</param>
/// <param name="Lines">Each denied line.</param>
public sealed record DenialReasonHistory(string Group, string Reason, decimal Amount, ImmutableArray<DeniedLine> Lines)
{
    /// <summary><c>CO-97</c>.</summary>
    public string Code => $"{Group}-{Reason}";

    /// <summary>The other codes billed the same date, each with the number of denied lines it was on, most first.</summary>
    public ImmutableArray<(HcpcsCode Code, int Lines)> WithCodes { get; } =
        [.. Lines.SelectMany(l => l.SameDayCodes.Distinct()).GroupBy(c => c).Select(g => (g.Key, g.Count())).OrderByDescending(x => x.Item2).ThenBy(x => x.Key)];
}

/// <summary>One month (of the dates of service) of a code's history.</summary>
/// <param name="Year">The year.</param>
/// <param name="Month">The month, 1 to 12.</param>
/// <param name="Lines">The lines remitted.</param>
/// <param name="DeniedLines">The lines denied.</param>
/// <param name="Paid">The sum of their payments.</param>
/// <param name="Denied">The sum of the denial adjustments.</param>
public sealed record MonthHistory(int Year, int Month, int Lines, int DeniedLines, decimal Paid, decimal Denied);

/// <summary>What a folder of remittances says about one code (all modifiers) or one code and modifiers.</summary>
public sealed record CodeHistory
{
    /// <summary>The code.</summary>
    public HcpcsCode Hcpcs { get; init; }

    /// <summary>The modifiers, or none for the code's history under every modifier.</summary>
    public ModifierSet Modifiers { get; init; }

    /// <summary>The lines remitted (reversals left out).</summary>
    public int Lines { get; init; }

    /// <summary>The lines with a payment.</summary>
    public int PaidLines { get; init; }

    /// <summary>The lines denied: no payment, adjusted with a code other than the patient's (PR).</summary>
    public int DeniedLines { get; init; }

    /// <summary>The sum of the charges.</summary>
    public decimal Charged { get; init; }

    /// <summary>The sum of the payments.</summary>
    public decimal Paid { get; init; }

    /// <summary>The sum of the denial adjustments.</summary>
    public decimal Denied { get; init; }

    /// <summary>The denials by group and reason, the most lines first.</summary>
    public ImmutableArray<DenialReasonHistory> Reasons { get; init; } = [];

    /// <summary>Month by month, in order.</summary>
    public ImmutableArray<MonthHistory> Months { get; init; } = [];
}

/// <summary>
/// The denial history of a set of remittances: per code (and code with modifiers), lines billed, paid and denied, the
/// denials by group and reason code with the other codes billed the same date and each line as evidence (file, claim,
/// line), the amounts denied, and the trend by month. Reversals (CLP02 22) are left out. Built by
/// <see cref="Add(Remittance)"/>, not thread-safe while built; read it once built.
/// </summary>
public sealed class DenialHistory
{
    private readonly Dictionary<(HcpcsCode, ModifierSet), List<Entry>> _lines = [];
    private readonly SortedSet<string> _files = new(StringComparer.Ordinal);

    private sealed record Entry(RemittanceLine Line, DateOnly? Date, DeniedLine? Denial);

    /// <summary>The files the remittances came from.</summary>
    public IReadOnlyCollection<string> Files => _files;

    /// <summary>The claims added (reversals left out).</summary>
    public int Claims { get; private set; }

    /// <summary>The lines added (reversals left out).</summary>
    public int Lines { get; private set; }

    /// <summary>A history of remittances.</summary>
    public static DenialHistory Of(IEnumerable<Remittance> remittances)
    {
        ArgumentNullException.ThrowIfNull(remittances);
        var history = new DenialHistory();
        foreach (var r in remittances)
        {
            history.Add(r);
        }

        return history;
    }

    /// <summary>Adds the claims of a remittance.</summary>
    public void Add(Remittance remittance)
    {
        ArgumentNullException.ThrowIfNull(remittance);
        _files.Add(remittance.Source);
        foreach (var claim in remittance.Claims)
        {
            if (claim.IsReversal)
            {
                continue;
            }

            Claims++;
            foreach (var line in claim.Lines)
            {
                Lines++;
                var date = line.DateOfService ?? claim.StatementFrom;
                var denial = Denial(line) is { } adjustment
                    ? new DeniedLine(new RemittanceLineReference(remittance.Source, claim.ClaimId, line.Number, line.Segment), date, adjustment,
                        [.. claim.Lines.Where(o => o.Number != line.Number && (date is null || (o.DateOfService ?? claim.StatementFrom) == date) && o.Hcpcs != line.Hcpcs).Select(o => o.Hcpcs).Distinct()])
                    : null;
                var key = (line.Hcpcs, line.Modifiers);
                if (!_lines.TryGetValue(key, out var list))
                {
                    _lines[key] = list = [];
                }

                list.Add(new Entry(line, date, denial));
            }
        }
    }

    /// <summary>The adjustment that denied a line: none when it was paid or when only the patient's adjustments (PR) remain.</summary>
    public static CasAdjustment? Denial(RemittanceLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Payment != 0m || line.Charge <= 0m)
        {
            return null;
        }

        CasAdjustment? largest = null;
        foreach (var a in line.Adjustments)
        {
            if (a.Group != "PR" && (largest is null || a.Amount > largest.Value.Amount))
            {
                largest = a;
            }
        }

        return largest;
    }

    /// <summary>The history of a code under every modifier, or <c>null</c> when no line of it was remitted.</summary>
    public CodeHistory? For(HcpcsCode hcpcs) => Build(hcpcs, ModifierSet.Empty, _lines.Where(kv => kv.Key.Item1 == hcpcs).SelectMany(kv => kv.Value));

    /// <summary>The history of a code billed with exactly these modifiers, or <c>null</c> when no such line was remitted.</summary>
    public CodeHistory? For(HcpcsCode hcpcs, ModifierSet modifiers) => _lines.TryGetValue((hcpcs, modifiers), out var list) ? Build(hcpcs, modifiers, list) : null;

    /// <summary>Each code and modifiers remitted, in code order.</summary>
    public IEnumerable<CodeHistory> ByCodeAndModifiers
        => _lines.OrderBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2.ToString(), StringComparer.Ordinal).Select(kv => Build(kv.Key.Item1, kv.Key.Item2, kv.Value)!);

    /// <summary>Each code remitted (every modifier together), in code order.</summary>
    public IEnumerable<CodeHistory> ByCode => _lines.Keys.Select(k => k.Item1).Distinct().Order().Select(c => For(c)!);

    private static CodeHistory? Build(HcpcsCode hcpcs, ModifierSet modifiers, IEnumerable<Entry> entries)
    {
        var all = entries.ToList();
        if (all.Count == 0)
        {
            return null;
        }

        var denied = all.Where(e => e.Denial is not null).Select(e => e.Denial!).ToList();
        return new CodeHistory
        {
            Hcpcs = hcpcs,
            Modifiers = modifiers,
            Lines = all.Count,
            PaidLines = all.Count(e => e.Line.Payment > 0m),
            DeniedLines = denied.Count,
            Charged = all.Sum(e => e.Line.Charge),
            Paid = all.Sum(e => e.Line.Payment),
            Denied = denied.Sum(d => d.Denial.Amount),
            Reasons = [.. denied.GroupBy(d => (d.Denial.Group, d.Denial.Reason))
                .Select(g => new DenialReasonHistory(g.Key.Group, g.Key.Reason, g.Sum(d => d.Denial.Amount), [.. g]))
                .OrderByDescending(r => r.Lines.Length).ThenBy(r => r.Code, StringComparer.Ordinal)],
            Months = [.. all.Where(e => e.Date is not null).GroupBy(e => (e.Date!.Value.Year, e.Date.Value.Month)).OrderBy(g => g.Key)
                .Select(g => new MonthHistory(g.Key.Year, g.Key.Month, g.Count(), g.Count(e => e.Denial is not null), g.Sum(e => e.Line.Payment), g.Sum(e => e.Denial?.Denial.Amount ?? 0m)))],
        };
    }
}
