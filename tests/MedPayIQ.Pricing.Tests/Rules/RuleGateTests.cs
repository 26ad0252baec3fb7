using System.Text;
using FsCheck.Xunit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary>
/// The engine skips a rule whose <see cref="RuleNeeds"/> the claim does not meet, to save work. That gate must never
/// change an answer: every claim priced with the gates and without them (every rule run on every claim) gives the same
/// figures, steps, remittance and warnings. This is what makes a gate forced open by a mutation an equivalent mutant
/// (docs/mutation-testing.md), and what catches a gate that wrongly skips a rule.
/// </summary>
public class RuleGateTests
{
    private static readonly PaymentCalculator Calculator = new(PackagedFeeSchedules.Catalog);

    private static string Both(Claim claim, out string ungated)
    {
        var sources = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var gated = new StringBuilder();
        RuleGoldenTests.Render(gated, ClaimEngine.Price(Calculator, claim), sources);
        var open = new StringBuilder();
        RuleGoldenTests.Render(open, ClaimEngine.Price(Calculator, claim, gated: false), sources);
        ungated = open.ToString();
        return gated.ToString();
    }

    [Fact]
    public void Every_claim_of_the_golden_corpus_prices_the_same_with_every_rule_run()
    {
        foreach (var (name, claim) in RuleGoldenTests.Corpus())
        {
            string gated = Both(claim, out string ungated);
            Assert.True(gated == ungated, $"{name}:\ngated:\n{gated}\nungated:\n{ungated}");
        }
    }

    [Fact]
    public void Claims_whose_gates_open_on_one_line_only_price_the_same_with_every_rule_run()
    {
        // The Part B schedule, line validity and status rules are skipped unless a line needs them: a claim where one
        // line of several does (first, middle, last) must price as if every rule had run on every line.
        var may = new DateOnly(2026, 5, 4);
        ClaimLine L(string code, string? modifiers = null, int units = 1, decimal? charge = 100m)
            => new(may, HcpcsCode.Parse(code), modifiers is null ? ModifierSet.Empty : ModifierSet.Parse(modifiers)) { Units = units, BilledCharge = charge };
        ClaimLine[][] lines =
        [
            [L("80053"), L("99213"), L("27447")],
            [L("99213"), L("27447"), L("80053", "QW", units: 2)],
            [L("99213"), L("E0601", "RR"), L("J1100", units: 4)],
            [L("99213") with { DateOfService = new(2025, 5, 6) }, L("E0601", "RR") with { DateOfService = new(2025, 5, 6) }, L("E0601", "NU") with { DateOfService = new(2025, 5, 6) }],
            [L("99213"), L("99214", units: 0), L("27447")],
            [L("99213"), L("99214", charge: -5m), L("80053")],
            [L("99213"), L("20930"), L("0500F"), L("27447")],
            [L("A4211"), L("99213")],
        ];
        foreach (var set in lines)
        {
            var claim = new Claim(set) { Location = PricingLocation.OfZip("94110"), BeneficiaryZip = "95501" };
            string gated = Both(claim, out string ungated);
            Assert.True(gated == ungated, $"{string.Join(", ", set.Select(l => l.Hcpcs))}:\ngated:\n{gated}\nungated:\n{ungated}");
        }
    }

    [Property(MaxTest = 300)]
    public bool Skipping_the_rules_a_random_claim_does_not_need_never_changes_its_price(int seed, bool charges, bool costSharing)
    {
        var claim = ClaimPropertyTests.RandomClaim(seed);
        var random = new Random(seed);
        if (charges)
        {
            claim = claim with { Lines = [.. claim.Lines.Select(l => l with { BilledCharge = random.Next(0, 3000) + (random.Next(100) / 100m) })] };
        }

        if (costSharing)
        {
            claim = claim with { DeductibleRemaining = random.Next(0, 300), ApplySequestration = true, InShortageArea = random.Next(2) == 0 };
        }

        return Both(claim, out string ungated) == ungated;
    }
}
