using MedPayIQ.Ncci;
using static MedPayIQ.Insights.InsightText;

namespace MedPayIQ.Insights;

/// <summary>The code as an add-on: its primaries (type 1), the contractor's (type 2), or both (type 3), and what it risks alone.</summary>
internal sealed class AddOnSource : InsightSource
{
    public override InsightKind Kind => InsightKind.AddOn;

    public override void Add(InsightContext c)
    {
        if (c.Table<AddOnTable>(NcciTableKind.AddOn, "Add-on rules") is not { } table)
        {
            return;
        }

        var edits = new List<AddOnEdit>();
        foreach (var e in table.EditsOf(c.Code))
        {
            if (e.AppliesOn(c.Date))
            {
                edits.Add(e);
            }
        }

        if (edits.Count == 0)
        {
            return;
        }

        var type = edits[0].Type;
        var primaries = edits.Where(e => e.PrimaryValidOn(c.Date)).Select(e => e.Primary).Distinct().Order().ToList();
        string text = type switch
        {
            AddOnEditType.ListedPrimaries => $"Add-on code (type 1): paid only with one of its primary codes, billed by the same practitioner the same day: {List(primaries)}",
            AddOnEditType.ContractorPrimaries => "Add-on code (type 2): CMS lists no primary codes; the contractor decides which primaries it may be billed with",
            _ => $"Add-on code (type 3): paid with the primary codes CMS lists ({List(primaries)}) and others the contractor accepts",
        };
        var atRisk = c.Release is null ? null : c.PriceLine(c.Primary, default, 1);
        if (atRisk is not null)
        {
            text += $"; billed without a primary it is denied (CO-107): {Usd(atRisk.Amount)} at risk";
        }

        c.Insights.Add(new CodeInsight(Kind, text + ".", atRisk?.Amount, atRisk is null ? [] : [atRisk with { Label = "amount at risk" }],
            [.. edits.Take(5).Select(e => InsightContext.Evidence(table, string.Create(Inv, $"add-on {e.AddOn}, primary {(e.Primary.IsSome ? e.Primary.ToString() : "CCCCC")}, type {(int)e.Type}, effective {e.Effective:yyyy-MM-dd}")))],
            [.. primaries])
        {
            AddOnEdits = [.. edits],
        });
    }
}
