using static MedPayIQ.Insights.InsightText;

namespace MedPayIQ.Insights;

/// <summary>Team surgery (66): the TEAM SURG indicator; the contractor prices it by report.</summary>
internal sealed class TeamSurgerySource : SurgeryModifierSource
{
    public override InsightKind Kind => InsightKind.TeamSurgery;

    protected override void Add(InsightContext c, ReadOnlySpan<RvuEntry> rows)
    {
        var global = rows[0];
        var indicator = global.TeamSurgery;
        if (indicator == TeamSurgeryIndicator.NotApplicable || (!Procedure(global) && indicator == TeamSurgeryIndicator.NotPermitted))
        {
            return;
        }

        string rule = indicator switch
        {
            TeamSurgeryIndicator.NotPermitted => "not permitted (indicator 0)",
            TeamSurgeryIndicator.DocumentationRequired => "paid by report, with documentation (indicator 1)",
            _ => "permitted, priced by report (indicator 2)",
        };
        c.Add(Kind, $"Team surgery (66): {rule}; the contractor prices team surgery case by case, so there is no fee schedule amount.", null, [],
            [InsightContext.RowEvidence(c.Release!, global, string.Create(Inv, $"TEAM SURG {(int)indicator}"))], []);
    }
}
