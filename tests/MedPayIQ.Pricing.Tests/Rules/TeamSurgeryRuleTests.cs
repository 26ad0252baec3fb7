using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="TeamSurgeryRule"/>: RVU readme, TEAM SURG (by report); CARC 133 pending, CARC 54 not permitted.</summary>
public class TeamSurgeryRuleTests
{
    [Fact]
    public void Team_surgery_is_by_report_and_not_permitted_team_surgery_is_not_payable()
    {
        var team = Price(Line("22818", "66", charge: 900m)).Lines[0];
        Assert.Equal(PriceOutcome.CarrierPriced, team.Outcome);
        Assert.Equal("OA-133", team.Adjustments.Single().Code.ToString());
        var notPermitted = Price(Line("99213", "66")).Lines[0];
        Assert.Equal(PriceOutcome.NotPayable, notPermitted.Outcome);
        Assert.Contains("team surgeons are not paid", notPermitted.Reason, StringComparison.Ordinal);
    }
}
