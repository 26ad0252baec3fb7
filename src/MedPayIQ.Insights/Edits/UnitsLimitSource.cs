using MedPayIQ.Ncci;
using static MedPayIQ.Insights.InsightText;

namespace MedPayIQ.Insights;

/// <summary>The practitioner MUE: at most so many units per line (MAI 1) or per date of service (MAI 2, 3), and what a line over it risks.</summary>
internal sealed class UnitsLimitSource : InsightSource
{
    public override InsightKind Kind => InsightKind.UnitsLimit;

    public override void Add(InsightContext c)
    {
        if (c.Table<MueTable>(NcciTableKind.MuePractitioner, "Units limit") is not { } table)
        {
            return;
        }

        if (!table.TryGet(c.Code, out var mue))
        {
            c.Notes.Add($"{table.Source}: no practitioner MUE for {c.Code}.");
            return;
        }

        string scope = mue.Adjudication == MueAdjudication.Line ? "per claim line" : "per date of service";
        string rule = mue.Adjudication switch
        {
            MueAdjudication.Line => "a line with more units is denied whole (MAI 1, line edit)",
            MueAdjudication.DateOfServicePolicy => "all units of the code that date are denied when they add up to more (MAI 2, date of service edit by policy: no appeal pays more)",
            _ => "all units of the code that date are denied when they add up to more (MAI 3, date of service edit, clinical: documentation on appeal may pay more)",
        };
        int over = checked(mue.Value + 1);
        string text = string.Create(Inv, $"Bill at most {mue.Value} unit{(mue.Value == 1 ? "" : "s")} {scope}: {rule}");
        InsightAmount? atRisk = c.Release is null ? null : c.PriceLine(c.Primary, default, over);
        if (atRisk is not null)
        {
            text += string.Create(Inv, $"; a line of {over} units, {Usd(atRisk.Amount)}, is at risk");
        }

        c.Insights.Add(new CodeInsight(Kind, text + ".", atRisk?.Amount, atRisk is null ? [] : [atRisk with { Label = string.Create(Inv, $"{over} units at risk") }],
            [InsightContext.Evidence(table, string.Create(Inv, $"{c.Code}: MUE {mue.Value}, MAI {(int)mue.Adjudication}, {mue.Rationale}"))], [])
        {
            Mue = mue,
        });
    }
}
