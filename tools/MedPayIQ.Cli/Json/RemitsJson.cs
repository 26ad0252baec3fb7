using MedPayIQ.Cli.Commands;
using MedPayIQ.X12;

namespace MedPayIQ.Cli.Json;

/// <summary><c>remits --json</c>: the files read, every line compared, the totals and the denial history.</summary>
internal sealed record RemitsJson(
    string[] Files,
    int TransactionsRead,
    TransactionNotReadJson[] TransactionsNotRead,
    string[] Imbalances,
    RemitLineJson[] Lines,
    VarianceJson Summary,
    NamedVarianceJson[] ByPayer,
    NamedVarianceJson[] ByCode,
    CodeHistoryJson[] Denials)
{
    public static RemitsJson Of(RemitsCommand.Report report, RemittanceFiles files)
    {
        var read = files.Read.ToList();
        return new(
            [.. read.Select(r => r.File)],
            read.Sum(r => r.Transactions.Count(t => t.Read)),
            [.. read.SelectMany(r => r.Transactions.Where(t => !t.Read)).Select(TransactionNotReadJson.Of)],
            [.. report.Imbalances.Select(i => i.ToString())],
            [.. report.Claims.SelectMany(c => c.Lines.Select(l => RemitLineJson.Of(c, l)))],
            VarianceJson.Of(report.Totals.All),
            [.. report.Totals.ByPayer.Select(kv => new NamedVarianceJson(kv.Key, VarianceJson.Of(kv.Value)))],
            [.. report.Totals.ByCode.Select(kv => new NamedVarianceJson(kv.Key, VarianceJson.Of(kv.Value)))],
            [.. report.History.ByCodeAndModifiers.Select(CodeHistoryJson.Of)]);
    }
}

/// <summary>One remitted line beside the expected one; <c>variance</c> is paid - expected.</summary>
internal sealed record RemitLineJson(
    string File,
    string Payer,
    string ClaimId,
    int Line,
    string Hcpcs,
    string Modifiers,
    DateOnly? DateOfService,
    decimal Paid,
    decimal ExpectedPaid,
    decimal Variance,
    decimal Allowed,
    decimal ExpectedAllowed,
    string Match,
    string Cause,
    string CauseText,
    string[] PayerReasons,
    string[] ExpectedReasons,
    string[] Remarks)
{
    public static RemitLineJson Of(RemittanceClaimComparison claim, RemittanceLineComparison line) => new(
        claim.Remittance.Source,
        claim.Payer,
        claim.Remitted.ClaimId,
        line.Remitted.Number,
        line.Remitted.Hcpcs.ToString(),
        line.Remitted.Modifiers.ToString(),
        line.Remitted.DateOfService,
        line.Paid,
        line.ExpectedPaid,
        line.Variance,
        line.Allowed,
        line.ExpectedAllowed,
        line.Match.ToString(),
        line.Cause.ToString(),
        line.CauseText,
        [.. line.Remitted.Adjustments.Select(Reason)],
        line.Expected is null ? [] : [.. line.Expected.Adjustments.Select(Reason)],
        [.. line.Remitted.Remarks]);

    private static string Reason(CasAdjustment a) => $"{a.Group}-{a.Reason} {a.Amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>Paid, expected and variance over lines.</summary>
internal sealed record VarianceJson(int Lines, decimal Paid, decimal ExpectedPaid, decimal Variance, int UnderpaidLines, decimal Underpaid, int OverpaidLines, decimal Overpaid)
{
    public static VarianceJson Of(VarianceTotal t) => new(t.Lines, t.Paid, t.ExpectedPaid, t.Variance, t.UnderpaidLines, t.Underpaid, t.OverpaidLines, t.Overpaid);
}

/// <summary>The totals of a payer or a code.</summary>
internal sealed record NamedVarianceJson(string Name, VarianceJson Total);

/// <summary>The denial history of a code and modifiers.</summary>
internal sealed record CodeHistoryJson(string Code, int Lines, int PaidLines, int DeniedLines, decimal Paid, decimal Denied, DenialReasonJson[] Reasons, MonthJson[] Months)
{
    public static CodeHistoryJson Of(CodeHistory h) => new(
        RemittanceTotals.CodeKey(h.Hcpcs, h.Modifiers),
        h.Lines,
        h.PaidLines,
        h.DeniedLines,
        h.Paid,
        h.Denied,
        [.. h.Reasons.Select(r => new DenialReasonJson(r.Code, r.Lines.Length, r.Amount, [.. r.WithCodes.Select(w => w.Code.ToString())], [.. r.Lines.Select(l => l.Where.ToString())]))],
        [.. h.Months.Select(m => new MonthJson($"{m.Year:D4}-{m.Month:D2}", m.Lines, m.DeniedLines, m.Paid, m.Denied))]);
}

/// <summary>The denials of one group and reason, the codes billed with them the same date and each line.</summary>
internal sealed record DenialReasonJson(string Code, int Lines, decimal Amount, string[] WithCodes, string[] Evidence);

/// <summary>One month of service.</summary>
internal sealed record MonthJson(string Month, int Lines, int DeniedLines, decimal Paid, decimal Denied);
