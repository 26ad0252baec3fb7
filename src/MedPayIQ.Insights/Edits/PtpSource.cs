using MedPayIQ.Ncci;
using static MedPayIQ.Insights.InsightText;

namespace MedPayIQ.Insights;

/// <summary>
/// The PTP pairs of the code in force on the date, one insight each, the largest amount at risk first: the side the
/// code is on (column 2: it is denied; column 1: the other code is) is the source's kind.
/// </summary>
internal abstract class PtpSource : InsightSource
{
    /// <summary>Whether the source speaks of the edits in which the code is column 2.</summary>
    protected abstract bool Column2 { get; }

    public override void Add(InsightContext c)
    {
        if (c.Table<PtpTable>(NcciTableKind.PtpPractitioner, "PTP pairs") is not { } table)
        {
            return;
        }

        var code = c.Code;
        var found = new List<(CodeInsight Insight, decimal Order)>();
        foreach (var edit in table.EditsOf(code))
        {
            if (!edit.AppliesOn(c.Date) || (edit.Column2 == code) != Column2)
            {
                continue;
            }

            var other = Column2 ? edit.Column1 : edit.Column2;
            var denied = edit.Column2;
            var atRisk = c.PriceCode(denied);
            string bypass = edit.ModifierIndicator == PtpModifierIndicator.Allowed
                ? $"modifier indicator 1: an NCCI-associated modifier (59 or XE/XS/XP/XU, an anatomic modifier, 24/25/57/58/78/79, 27 or 91) on the {denied} line bypasses it when the services are distinct and documented"
                : "modifier indicator 0: no modifier bypasses it";
            string since = string.Create(Inv, $"in force since {edit.Effective:yyyy-MM-dd}{(edit.Deletion is { } d ? $" through {d:yyyy-MM-dd}" : "")}");
            string risk = atRisk is null ? $"{denied} has no fee schedule amount here" : $"{Usd(atRisk.Amount)} at risk";
            string text = Column2
                ? $"Denied when billed with {other} on the same date (PTP column 1 {other} / column 2 {code}, {since}, {edit.Rationale}); {bypass}; {risk}."
                : $"{other} is denied when billed with {code} on the same date (PTP column 1 {code} / column 2 {other}, {since}, {edit.Rationale}); {bypass}; {risk}.";
            var insight = new CodeInsight(Kind, text, atRisk?.Amount, atRisk is null ? [] : [atRisk with { Label = $"{denied} at risk" }],
                [InsightContext.Evidence(table, edit.ToString())], [other])
            {
                PtpEdit = edit,
            };
            found.Add((insight, atRisk?.Amount ?? -1m));
        }

        // The largest amount at risk first, then by the other code.
        foreach (var (insight, _) in found.OrderByDescending(f => f.Order).ThenBy(f => f.Insight.RelatedCodes[0]))
        {
            c.Insights.Add(insight);
        }
    }
}
