using System.Reflection;
using System.Text.RegularExpressions;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary>The pipeline itself: one ordered list, its documentation, its sources, and results that are values.</summary>
public partial class PipelineTests
{
    [Fact]
    public void Every_payment_rule_but_release_and_locality_is_in_the_ordered_list_once()
    {
        var listed = PaymentRules.Ordered.Select(r => r.Rule).ToList();
        Assert.Equal(listed.Distinct().Count(), listed.Count);
        Assert.Equal(Enum.GetValues<PricingRule>().Except([PricingRule.Release, PricingRule.Locality]).Order(), listed.Order());
        Assert.All(Enum.GetValues<PricingRule>(), rule => Assert.False(string.IsNullOrWhiteSpace(PaymentRules.Describe(rule).Source)));
    }

    [Fact]
    public void The_rule_table_of_docs_pricing_md_is_the_ordered_list()
    {
        string page = File.ReadAllText(Path.Combine(Repository(), "docs", "pricing.md"));
        var rows = RuleRow().Matches(page).Select(m => m.Groups.Cast<Group>().Skip(1).Select(g => g.Value.Trim()).ToArray()).ToList();
        Assert.Equal(PaymentRules.Ordered.Length, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var rule = PaymentRules.Ordered[i];
            var row = rows[i];
            Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), row[0]);
            Assert.Equal(rule.Rule.ToString(), row[1]);
            Assert.Equal(rule.Name, row[2]);
            Assert.Equal(rule.Remittance.IsEmpty ? "-" : string.Join(", ", rule.Remittance), row[4]);
            Assert.Equal(rule.Source, row[5]);
            Assert.Equal($"{rule.Rule}RuleTests", row[6]);
            Assert.NotNull(typeof(PipelineTests).Assembly.GetType($"MedPayIQ.Pricing.Tests.Rules.{rule.Rule}RuleTests"));
        }
    }

    [Fact]
    public void Every_code_a_rule_writes_is_one_it_declares()
    {
        var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        var seen = new HashSet<string>();
        for (int seed = 0; seed < 300; seed++)
        {
            foreach (var line in calculator.Price(ClaimPropertyTests.RandomClaim(seed)).Lines)
            {
                foreach (var adjustment in line.Adjustments)
                {
                    Assert.Contains(adjustment.Code, PaymentRules.Describe(adjustment.Rule).Remittance);
                    seen.Add(adjustment.Code.ToString());
                }
            }
        }

        Assert.Superset(new HashSet<string> { "CO-45", "CO-59", "CO-97", "CO-4", "PR-1", "PR-2", "CO-253", "OA-133" }, seen);
    }

    [Fact]
    public void No_step_source_names_a_file_users_do_not_have()
    {
        var sources = PaymentRules.Ordered.Select(r => r.Source).ToList();
        var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        for (int seed = 0; seed < 300; seed++)
        {
            foreach (var line in calculator.Price(ClaimPropertyTests.RandomClaim(seed)).Lines)
            {
                sources.AddRange(line.Steps.Select(s => s.Source));
                sources.AddRange(line.Steps.Select(s => s.Detail));
                sources.Add(line.Reason);
                sources.AddRange(line.Warnings);
            }
        }

        Assert.All(sources, s => Assert.DoesNotMatch(@"rules\.md|SOURCES\.md|\.md\b|shared/", s));
    }

    [Fact]
    public void The_default_of_a_result_is_never_priced()
    {
        Assert.NotEqual(PriceOutcome.Priced, default(ServicePrice).Outcome);
        Assert.NotEqual(PriceOutcome.Priced, default(LinePrice).Outcome);
        Assert.NotEqual(PriceOutcome.Priced, default(PriceOutcome));
        Assert.Equal(0m, default(LinePrice).AllowedAmount);
        Assert.Empty(default(LinePrice).Adjustments);
        Assert.Empty(default(LinePrice).Steps);
    }

    [Fact]
    public void Result_records_cannot_be_rebuilt_with_with()
    {
        // A public init accessor is what `with` needs: results have none.
        foreach (var type in new[] { typeof(PricingStep), typeof(ProviderPaymentShare), typeof(PaymentRuleInfo), typeof(RemittanceCode), typeof(RemittanceAdjustment) })
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var init = property.SetMethod;
                Assert.True(init is null || !init.IsPublic, $"{type.Name}.{property.Name} can be set from outside");
            }
        }
    }

    [Fact]
    public void A_claim_rebuilt_with_a_default_line_array_has_no_line()
    {
        var claim = new Claim([new ClaimLine(new DateOnly(2025, 11, 3), HcpcsCode.Parse("99213"))]) with { Lines = default };
        Assert.Empty(claim.Lines);
        Assert.Equal(0m, new PaymentCalculator(PackagedFeeSchedules.Catalog).Price(claim).AllowedAmount);
    }

    internal static string Repository()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MedPayIQ.Pricing.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^\| (\d+) \| `(\w+)` \|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\| `(\w+)` \|$", RegexOptions.Multiline)]
    private static partial Regex RuleRow();
}
