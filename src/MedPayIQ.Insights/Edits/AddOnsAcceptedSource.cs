using MedPayIQ.Ncci;
using static MedPayIQ.Insights.InsightText;

namespace MedPayIQ.Insights;

/// <summary>The add-on codes that name the code as a primary; when it is neither an add-on nor a primary, a note says so.</summary>
internal sealed class AddOnsAcceptedSource : InsightSource
{
    public override InsightKind Kind => InsightKind.AddOnsAccepted;

    public override void Add(InsightContext c)
    {
        if (c.Table<AddOnTable>(NcciTableKind.AddOn, "Add-on rules") is not { } table)
        {
            return;
        }

        var addOns = table.AddOnsOf(c.Code, c.Date).ToList();
        if (addOns.Count > 0)
        {
            c.Add(Kind, $"Primary code for {addOns.Count} add-on code{(addOns.Count == 1 ? "" : "s")}: {List(addOns)}.", null, [],
                [InsightContext.Evidence(table, $"primary {c.Code} of {addOns.Count} add-on edits")], [.. addOns]);
        }
        else if (!c.Insights.Any(i => i.Kind == InsightKind.AddOn))
        {
            c.Notes.Add($"{table.Source}: {c.Code} is not an add-on code, and no add-on code lists it as a primary.");
        }
    }
}
