using System.Globalization;
using MedPayIQ.X12;

namespace MedPayIQ.Cli.Commands;

/// <summary><c>remits</c>' text report: each line, the under- and overpayments, the totals by payer and code, the denial history.</summary>
internal sealed partial class RemitsCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static void WriteText(TextWriter o, Report report, RemittanceFiles files)
    {
        var read = files.Read.ToList();
        int transactions = read.Sum(r => r.Transactions.Count), notRead = read.Sum(r => r.Transactions.Count(t => !t.Read));
        int matched = report.Claims.Count(c => c.FromClaimFile), reversals = report.Claims.Count(c => c.Remitted.IsReversal);
        o.WriteLine(string.Create(Inv, $"{files.Files.Count} file{S(files.Files.Count)}, {transactions} transaction set{S(transactions)} ({notRead} not read), {report.Claims.Count} claim{S(report.Claims.Count)} ({reversals} reversal{S(reversals)}; {matched} matched to --claims, {report.Claims.Count - matched - reversals} rebuilt from the 835), {report.Totals.All.Lines} line{S(report.Totals.All.Lines)}"));
        foreach (var imbalance in report.Imbalances)
        {
            o.WriteLine($"does not balance: {imbalance}");
        }

        o.WriteLine();
        o.WriteLine("claim        line code           paid  expected  variance  match    cause");
        foreach (var claim in report.Claims)
        {
            foreach (var line in claim.Lines)
            {
                o.WriteLine(string.Create(Inv,
                    $"{claim.Remitted.ClaimId,-12} {line.Remitted.Number,4} {RemittanceTotals.CodeKey(line.Remitted.Hcpcs, line.Remitted.Modifiers),-11} {line.Paid,9:0.00} {line.ExpectedPaid,9:0.00} {line.Variance,9:0.00}  {Match(line.Match),-8} {(line.Cause == VarianceCause.None ? "" : line.Cause + ": " + line.CauseText)}"));
            }
        }

        var all = report.Totals.All;
        o.WriteLine();
        o.WriteLine(string.Create(Inv, $"paid {all.Paid:N2}, expected {all.ExpectedPaid:N2}, variance {all.Variance:N2}: {all.UnderpaidLines} line{S(all.UnderpaidLines)} underpaid by {all.Underpaid:N2}, {all.OverpaidLines} overpaid by {all.Overpaid:N2}"));
        Totals(o, "by payer", report.Totals.ByPayer);
        Totals(o, "by code (lines with a variance)", report.Totals.ByCode.Where(kv => kv.Value.UnderpaidLines + kv.Value.OverpaidLines > 0));

        o.WriteLine();
        o.WriteLine("denial history (lines denied by group and reason; reversals left out)");
        foreach (var code in report.History.ByCodeAndModifiers)
        {
            string key = RemittanceTotals.CodeKey(code.Hcpcs, code.Modifiers);
            string reasons = string.Join("; ", code.Reasons.Select(r => string.Create(Inv,
                $"{r.Code} {r.Lines.Length} ({r.Amount:0.00}){(r.WithCodes.IsEmpty ? "" : " with " + string.Join(", ", r.WithCodes.Select(w => w.Lines == r.Lines.Length ? w.Code.ToString() : $"{w.Code} ({w.Lines})")))}")));
            o.WriteLine(string.Create(Inv, $"  {key,-11} {code.DeniedLines} of {code.Lines} denied{(reasons.Length > 0 ? ": " + reasons : "")}"));
        }
    }

    private static void Totals(TextWriter o, string title, IEnumerable<KeyValuePair<string, VarianceTotal>> totals)
    {
        o.WriteLine(title);
        foreach (var (key, t) in totals)
        {
            o.WriteLine(string.Create(Inv, $"  {key}: {t.Lines} line{S(t.Lines)}, paid {t.Paid:N2}, expected {t.ExpectedPaid:N2}, variance {t.Variance:N2}"));
        }
    }

    private static string Match(RemittanceMatch match) => match switch
    {
        RemittanceMatch.ControlNumber => "REF*6R",
        RemittanceMatch.Position => "position",
        RemittanceMatch.Code => "code",
        RemittanceMatch.Rebuilt => "rebuilt",
        _ => "none",
    };

    private static string S(int n) => n == 1 ? "" : "s";
}
