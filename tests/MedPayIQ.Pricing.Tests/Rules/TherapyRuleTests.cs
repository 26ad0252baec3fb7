using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary>
/// <see cref="TherapyRule"/>: RVU readme, MULT PROC 5; PF payment files' therapy amounts; Novitas JL, therapy multiple
/// procedure payment reduction: the unit with the highest PE is paid in full, and when the highest PE applies to more
/// than one service, the service with the highest total fee schedule amount.
/// </summary>
public class TherapyRuleTests
{
    [Fact]
    public void Every_unit_but_the_one_with_the_most_practice_expense_is_paid_the_PF_file_s_reduced_amount()
    {
        var claim = Price(Line("97140", units: 2), Line("97110", units: 3));
        Assert.Equal(2, claim.Lines.Count(l => StepsOf(l, PricingRule.Therapy).Length == 1));
        Assert.Contains("50% of the practice expense", StepsOf(claim.Lines[0], PricingRule.Therapy).Single().Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void On_a_tie_of_practice_expense_the_service_with_the_higher_fee_is_paid_in_full()
    {
        // Two therapy codes of RVU25D whose practice expense taken by the reduction is the same, national non-facility,
        // and whose fees differ (found in the release, not made up).
        var release = TestData.Rvu25D;
        var therapy = release.Rvus.Rows.Where(r => r.MultipleProcedure == MultipleProcedureIndicator.Therapy && r.Modifier == Modifier.None && r.Status == StatusCode.Active)
            .Select(r => (Code: r.Hcpcs.ToString(), Fee: Fee(r.Hcpcs.ToString())))
            .Select(t => (t.Code, t.Fee, Pe: t.Fee - Reduced(t.Code)))
            .ToList();
        var tie = therapy.GroupBy(t => t.Pe).Select(g => g.OrderBy(t => t.Fee).ToList()).First(g => g.Count > 1 && g[0].Fee != g[^1].Fee);
        var (lower, higher) = (tie[0], tie[^1]);
        foreach (var claim in new[] { Price(Line(lower.Code), Line(higher.Code)), Price(Line(higher.Code), Line(lower.Code)) })
        {
            var high = claim.Lines.Single(l => l.Line.Hcpcs.ToString() == higher.Code);
            var low = claim.Lines.Single(l => l.Line.Hcpcs.ToString() == lower.Code);
            Assert.Equal(higher.Fee, high.AllowedAmount);
            Assert.Equal(Reduced(lower.Code), low.AllowedAmount);
        }
    }

    private static decimal Reduced(string code)
    {
        TestData.Rvu25D.Rvus.TryGet(HcpcsCode.Parse(code), Modifier.None, out var row);
        return FeeFormula.TherapyReduced(row.WorkHundredths, row.NonFacilityPeHundredths, row.MpHundredths, Locality.National, TestData.Rvu25D.ConversionFactor);
    }
}
