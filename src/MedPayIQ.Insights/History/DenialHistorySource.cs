using System.Collections.Immutable;
using MedPayIQ.X12;
using static MedPayIQ.Insights.InsightText;

namespace MedPayIQ.Insights;

/// <summary>
/// What the user's own remittances say about the code, when a <see cref="DenialHistory"/> is given: how many lines
/// were billed, paid and denied, month by month; then one insight per denial reason (CO-97 with the codes billed the
/// same date, CO-151, CO-107...), with each denied line (file, claim, line) as evidence. The amounts denied are the
/// payer's, written without a dollar sign; the one dollar figure, what a line of the code is at the fee schedule, is
/// priced by the calculator.
/// </summary>
internal sealed class DenialHistorySource : InsightSource
{
    /// <summary>The denied lines given as evidence of one reason, at most.</summary>
    private const int MostEvidence = 20;

    public override InsightKind Kind => InsightKind.DenialHistory;

    public override void Add(InsightContext c)
    {
        if (c.History is not { } history)
        {
            return;
        }

        if (history.For(c.Code) is not { } code)
        {
            c.Notes.Add(string.Create(Inv, $"No line of {c.Code} in your remittances ({history.Lines:N0} lines of {history.Claims:N0} claims in {history.Files.Count} file{(history.Files.Count == 1 ? "" : "s")})."));
            return;
        }

        var files = history.Files.Select(f => new InsightEvidence("remittances", f, $"{code.Lines} line{(code.Lines == 1 ? "" : "s")} of {c.Code}", "")).ToImmutableArray();
        string months = string.Join(", ", code.Months.Select(m => string.Create(Inv, $"{m.Year:D4}-{m.Month:D2} {m.DeniedLines} of {m.Lines}")));
        c.Add(Kind,
            string.Create(Inv, $"{code.Lines} line{(code.Lines == 1 ? "" : "s")} of {c.Code} in your remittances: {code.PaidLines} paid ({code.Paid:0.00}), {code.DeniedLines} denied ({code.Denied:0.00} of charges){(months.Length > 0 ? "; denied by month of service: " + months : "")}."),
            null, [], files, []);

        var line = c.PriceLine(c.Primary, default, 1);
        foreach (var reason in code.Reasons)
        {
            string with = reason.WithCodes.IsEmpty ? ""
                : reason.WithCodes[0].Lines == reason.Lines.Length ? $" with {reason.WithCodes[0].Code} on the same date"
                : string.Create(Inv, $" ({reason.WithCodes[0].Lines} of them with {reason.WithCodes[0].Code} on the same date)");
            string priced = line is null ? "" : $"; a line of {c.Code} is {Usd(line.Amount)} at the fee schedule ({c.Where}, {Setting(c.Primary)})";
            var evidence = reason.Lines.Take(MostEvidence)
                .Select(d => new InsightEvidence("remittances", d.Where.File,
                    string.Create(Inv, $"claim {d.Where.ClaimId} line {d.Where.Line} (segment {d.Where.Segment}){(d.DateOfService is { } day ? " on " + Date(day) : "")}: {d.Denial.Group}-{d.Denial.Reason} {d.Denial.Amount:0.00}{(d.SameDayCodes.IsEmpty ? "" : ", with " + string.Join(", ", d.SameDayCodes))}"), ""))
                .ToImmutableArray();
            c.Add(Kind,
                string.Create(Inv, $"{reason.Lines.Length} of {code.Lines} lines of {c.Code} in your remittances were denied {reason.Code}{with} (-{reason.Amount:0.00}){priced}."),
                line?.Amount, line is null ? [] : [line with { Label = c.Code.ToString() }], evidence, [.. reason.WithCodes.Select(w => w.Code)]);
        }
    }
}
