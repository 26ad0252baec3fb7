using static MedPayIQ.Insights.InsightText;

namespace MedPayIQ.Insights;

/// <summary>Rows NA in a setting; in a facility, the practitioner bills -26 (the TC is paid to the hospital).</summary>
internal sealed class SettingNotApplicableSource : RowInsightSource
{
    public override InsightKind Kind => InsightKind.SettingNotApplicable;

    protected override void Add(InsightContext c, ReadOnlySpan<RvuEntry> rows)
    {
        var r = c.Release!;
        foreach (var setting in c.Settings)
        {
            bool facility = setting == PricingSetting.Facility;
            var na = new List<RvuEntry>();
            bool pcOpen = false;
            foreach (var row in rows)
            {
                bool notApplicable = facility ? row.FacilityNotApplicable : row.NonFacilityNotApplicable;
                if (row.Status == StatusCode.Active && notApplicable)
                {
                    na.Add(row);
                }

                pcOpen |= row.Modifier == Modifier.ProfessionalComponent && !notApplicable;
            }

            if (na.Count == 0)
            {
                continue;
            }

            string which = string.Join(" and ", na.Select(e => e.Modifier.IsSome ? e.Modifier.ToString() : "global"));
            string text = $"{Capital(which)} {(na.Count > 1 ? "rows are" : "row is")} NA in the {Setting(setting)} setting (rarely or never done there); CMS's PF files still carry an amount from the file's PE.";
            InsightAmount? pc = facility && pcOpen ? c.PriceLine(setting, ModifierSet.Of(Modifier.ProfessionalComponent), 1) : null;
            if (pc is not null)
            {
                text += $" For a hospital patient the technical component is paid to the hospital: the practitioner bills {c.Code}-26, {Usd(pc.Amount)} in the facility setting.";
            }

            c.Add(Kind, text, pc?.Amount, pc is null ? [] : [pc with { Label = "26 facility" }],
                [.. na.Select(e => InsightContext.RowEvidence(r, e, facility ? "FACILITY NA INDICATOR NA" : "NON-FAC NA INDICATOR NA"))], []);
        }
    }
}
