using MedPayIQ.X12;

namespace MedPayIQ.Insights.Tests;

/// <summary>The denial history of the user's remittances as insights: what they say, with each denied line as evidence.</summary>
public class DenialHistoryInsightTests
{
    private static readonly HcpcsCode Planning = HcpcsCode.Parse("77321"), Physics = HcpcsCode.Parse("77300");

    /// <summary>33 lines of 77321 over two months in two files: 29 paid, 4 denied CO-97 with 77300 billed the same date.</summary>
    internal static DenialHistory History()
    {
        var history = new DenialHistory();
        for (int file = 0; file < 2; file++)
        {
            var claims = new List<RemittanceClaim>();
            for (int i = 0; i < (file == 0 ? 17 : 16); i++)
            {
                var day = new DateOnly(2026, 6 + file, 1 + i);
                bool denied = i < 2;
                var planning = new RemittanceLine
                {
                    Number = 1, Hcpcs = Planning, Charge = 92.51m, Payment = denied ? 0m : 70.00m, DateOfService = day, Segment = 20 + (i * 12),
                    Adjustments = denied ? [new CasAdjustment("CO", "97", 92.51m, null)] : [new CasAdjustment("CO", "45", 4.00m, null), new CasAdjustment("PR", "2", 17.70m, null), new CasAdjustment("CO", "253", 0.81m, null)],
                };
                var physics = new RemittanceLine { Number = 2, Hcpcs = Physics, Charge = 120m, Payment = 90m, DateOfService = day, Segment = 26 + (i * 12), Adjustments = [new CasAdjustment("CO", "45", 30m, null)] };
                claims.Add(new RemittanceClaim { ClaimId = $"P{file}-{i}", Status = RemittanceClaimStatus.ProcessedAsPrimary, Lines = [planning, physics] });
            }

            history.Add(new Remittance { Source = $"remits/2026-0{6 + file}.835", Claims = [.. claims] });
        }

        return history;
    }

    [Fact]
    public void A_denial_history_adds_what_your_remittances_say_with_each_line_as_evidence()
    {
        var report = Data.Insights.For(Planning, new InsightRequest(Data.Rvu26C), History());
        var history = report.OfKind(InsightKind.DenialHistory).ToList();
        Assert.Equal(2, history.Count);
        Assert.Equal("33 lines of 77321 in your remittances: 29 paid (2030.00), 4 denied (370.04 of charges); denied by month of service: 2026-06 2 of 17, 2026-07 2 of 16.", history[0].Text);
        Assert.Equal(["remits/2026-06.835", "remits/2026-07.835"], history[0].Evidence.Select(e => e.File));

        decimal line = Data.Price("77321", Data.Rvu26C);
        var denied = history[1];
        Assert.Equal($"4 of 33 lines of 77321 in your remittances were denied CO-97 with 77300 on the same date (-370.04); a line of 77321 is ${line:N2} at the fee schedule (national, non-facility).", denied.Text);
        Assert.Equal(line, denied.Impact);
        Assert.Equal([Physics], denied.RelatedCodes);
        Assert.Equal(4, denied.Evidence.Length);
        Assert.Equal(("remittances", "remits/2026-06.835", "claim P0-0 line 1 (segment 20) on 2026-06-01: CO-97 92.51, with 77300"), (denied.Evidence[0].Dataset, denied.Evidence[0].File, denied.Evidence[0].Row));
        Data.AssertEveryFigureRecomputes(report);
    }

    [Fact]
    public void Without_a_history_there_is_no_history_insight_and_a_code_not_remitted_gets_a_note()
    {
        Assert.Empty(Data.For("77321", Data.Rvu26C).OfKind(InsightKind.DenialHistory));
        var report = Data.Insights.For(HcpcsCode.Parse("99213"), new InsightRequest(Data.Rvu26C), History());
        Assert.Empty(report.OfKind(InsightKind.DenialHistory));
        Assert.Contains("No line of 99213 in your remittances (66 lines of 33 claims in 2 files).", report.Notes);
    }

    [Fact]
    public void The_history_of_a_code_counts_lines_paid_and_denied_by_reason_and_month()
    {
        var code = History().For(Planning)!;
        Assert.Equal((33, 29, 4, 370.04m, 2030.00m), (code.Lines, code.PaidLines, code.DeniedLines, code.Denied, code.Paid));
        var reason = Assert.Single(code.Reasons);
        Assert.Equal(("CO-97", 4, 370.04m), (reason.Code, reason.Lines.Length, reason.Amount));
        Assert.Equal([(Physics, 4)], reason.WithCodes);
        Assert.Equal([(2026, 6, 17, 2), (2026, 7, 16, 2)], code.Months.Select(m => (m.Year, m.Month, m.Lines, m.DeniedLines)));
        Assert.Null(History().For(Planning, ModifierSet.Parse("26")));
        Assert.Equal(0, History().For(Physics)!.DeniedLines);
    }
}
