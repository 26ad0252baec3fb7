using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="DeductibleRule"/>: 42 CFR 410.160; CARC 1 (PR).</summary>
public class DeductibleRuleTests
{
    [Fact]
    public void The_deductible_goes_to_the_larger_allowed_amount_first_whatever_the_line_order_PR_1()
    {
        foreach (var claim in new[]
        {
            Calculator.Price(new Claim([Line("99213"), Line("77321")]) { DeductibleRemaining = 100m }),
            Calculator.Price(new Claim([Line("77321"), Line("99213")]) { DeductibleRemaining = 100m }),
        })
        {
            var big = claim.Lines.Single(l => l.Line.Hcpcs.ToString() == "77321");
            Assert.Equal(Math.Min(100m, big.AllowedAmount), big.Deductible);
            Assert.Equal(big.Deductible, Remitted(big, "PR-1"));
            Assert.Equal(100m, claim.Deductible);
            Assert.All(claim.Lines, Balances);
        }
    }
}
