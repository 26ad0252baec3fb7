using FsCheck.Xunit;

namespace MedPayIQ.Pricing.Tests;

/// <summary>FsCheck laws of claim pricing over random claims built from the real RVU rows of 2025 and 2026.</summary>
public class ClaimPropertyTests
{
    private static readonly PaymentCalculator Calculator = new(PackagedFeeSchedules.Catalog);
    private static readonly string[] Extra = ["50", "RT", "LT", "80", "AS", "62", "66", "54", "55", "56", "78", "22", "52", "59", "XU", "51", "76", "AQ", "QK", "AA", "ZZ", "GC"];
    private static readonly string[] NoEffect = ["59", "XU", "XS", "76", "77", "GC", "51", "25", "95", "Q5"];
    private static readonly string[] Localities = ["10112/00", "01112/05", "13202/01", "02102/01", "04412/99"];

    /// <summary>A random claim of 1-12 lines from real rows, modifiers, units, settings, providers and dates across the 2025/2026/2027 boundaries.</summary>
    internal static Claim RandomClaim(int seed, int maxLines = 12)
    {
        var random = new Random(seed);
        var lines = new List<ClaimLine>();
        int count = random.Next(1, maxLines + 1);
        int days = random.Next(1, 3);
        var firstDay = random.Next(4) switch
        {
            0 => new DateOnly(2025, 1, 1),
            1 => new DateOnly(2025, 12, 31),
            2 => new DateOnly(2026, 12, 31),
            _ => new DateOnly(2025, 10, 15),
        };
        for (int i = 0; i < count; i++)
        {
            var release = random.Next(2) == 0 ? TestData.Rvu25D : TestData.Rvu26C;
            var row = release.Rvus.Rows[random.Next(release.Rvus.Count)];
            var modifiers = row.Modifier.IsSome ? ModifierSet.Of(row.Modifier) : ModifierSet.Empty;
            for (int k = random.Next(3); k > 0; k--)
            {
                var extra = Modifier.Parse(Extra[random.Next(Extra.Length)]);
                if (!modifiers.Contains(extra) && modifiers.Count < ModifierSet.Capacity)
                {
                    modifiers = modifiers.Add(extra);
                }
            }

            lines.Add(new ClaimLine(firstDay.AddDays(random.Next(days)), row.Hcpcs, modifiers)
            {
                Units = random.Next(8) == 0 ? random.Next(2, 9) : 1,
                AnesthesiaMinutes = random.Next(0, 240),
                AnesthesiaBaseUnits = random.Next(3) == 0 ? null : random.Next(3, 20),
                BilledCharge = random.Next(4) == 0 ? random.Next(0, 2000) : null,
            });
        }

        return new Claim(lines)
        {
            Location = random.Next(3) == 0 ? PricingLocation.National : PricingLocation.Of(LocalityKey.Parse(Localities[random.Next(Localities.Length)])),
            Setting = random.Next(2) == 0 ? PricingSetting.Facility : PricingSetting.NonFacility,
            Provider = (ProviderKind)random.Next(10),
            Participation = random.Next(4) != 0 ? Participation.Participating : Participation.NonParticipating,
            ApmStatus = random.Next(4) == 0 ? ApmStatus.QualifyingParticipant : ApmStatus.NotQualifying,
            InShortageArea = random.Next(5) == 0,
            DeductibleRemaining = random.Next(3) == 0 ? random.Next(0, 300) : null,
            ApplySequestration = random.Next(2) == 0,
        };
    }

    private static List<string> Fingerprint(ClaimPrice price)
        => [.. price.Lines.Select(l => $"{l.Line} {l.Outcome} {l.AllowedAmount} {l.MedicarePayment} {l.Coinsurance} {l.Deductible} {l.LimitingCharge}").Order(StringComparer.Ordinal)];

    [Property(MaxTest = 300)]
    public bool Reordering_lines_never_changes_any_amount_or_the_totals(int seed, int shuffle)
    {
        var claim = RandomClaim(seed);
        var shuffled = claim with { Lines = [.. claim.Lines.OrderBy(_ => new Random(shuffle).Next()).Reverse()] };
        var a = Calculator.Price(claim);
        var b = Calculator.Price(shuffled);
        return a.AllowedAmount == b.AllowedAmount && a.MedicarePayment == b.MedicarePayment && a.HpsaBonus == b.HpsaBonus
            && Fingerprint(a).SequenceEqual(Fingerprint(b));
    }

    [Property(MaxTest = 300)]
    public bool Amounts_are_never_negative_and_the_allowed_amount_splits_exactly(int seed)
    {
        var price = Calculator.Price(RandomClaim(seed));
        return price.Lines.All(l =>
            l.AllowedAmount >= 0m && l.MedicarePayment >= 0m && l.Coinsurance >= 0m && l.Deductible >= 0m && l.Sequestration >= 0m && l.HpsaBonus >= 0m
            && l.AllowedAmount == l.MedicarePayment + l.Coinsurance + l.Deductible + l.Sequestration
            && decimal.Round(l.AllowedAmount, 2) == l.AllowedAmount
            && (l.Outcome == PriceOutcome.Priced || l.AllowedAmount == 0m)
            && (l.Line.BilledCharge is not { } charge || l.AllowedAmount <= charge)
            && !string.IsNullOrEmpty(l.Reason));
    }

    [Property(MaxTest = 300)]
    public bool Adding_a_modifier_without_payment_effect_never_changes_an_amount(int seed, byte pickLine, byte pickModifier)
    {
        var claim = RandomClaim(seed);
        int i = pickLine % claim.Lines.Length;
        var modifier = Modifier.Parse(NoEffect[pickModifier % NoEffect.Length]);
        var line = claim.Lines[i];
        if (line.Modifiers.Contains(modifier) || line.Modifiers.Count == ModifierSet.Capacity)
        {
            return true;
        }

        var changed = claim with { Lines = claim.Lines.SetItem(i, line with { Modifiers = line.Modifiers.Add(modifier) }) };
        var a = Calculator.Price(claim);
        var b = Calculator.Price(changed);
        return a.Lines.Zip(b.Lines).All(p => p.First.AllowedAmount == p.Second.AllowedAmount && p.First.Outcome == p.Second.Outcome && p.First.MedicarePayment == p.Second.MedicarePayment);
    }

    [Property(MaxTest = 300)]
    public bool Non_participating_amount_is_95_percent_of_the_participating_one(int seed)
    {
        var claim = RandomClaim(seed, maxLines: 1);
        var line = claim.Lines[0] with { BilledCharge = null };
        var par = Calculator.Price(claim with { Lines = [line], Participation = Participation.Participating, Provider = ProviderKind.Physician });
        var nonpar = Calculator.Price(claim with { Lines = [line], Participation = Participation.NonParticipating, Provider = ProviderKind.Physician });
        var steps = par.Lines[0].Steps;
        decimal exact = steps.LastOrDefault(s => s.Rule == PricingRule.Rounding)?.AmountBefore ?? par.AllowedAmount;
        return par.Lines[0].Outcome != PriceOutcome.Priced
            ? nonpar.AllowedAmount == 0m
            : par.Lines[0].Schedule != PaymentSchedule.PhysicianFeeSchedule
            ? nonpar.AllowedAmount == par.AllowedAmount && nonpar.Lines[0].LimitingCharge is null // CLFS, DMEPOS, ASP: no 95 %, no limiting charge
            : nonpar.AllowedAmount == Math.Round(exact * 0.95m, 2, MidpointRounding.AwayFromZero)
              && nonpar.Lines[0].LimitingCharge == Math.Round(exact * 1.0925m, 2, MidpointRounding.AwayFromZero);
    }

    [Property(MaxTest = 200)]
    public bool A_single_plain_line_is_its_fee_schedule_amount_times_units(ushort pick, byte units)
    {
        var release = TestData.Rvu25D;
        var row = release.Rvus.Rows[pick % release.Rvus.Count];
        int n = 1 + (units % 5);
        var line = new ClaimLine(ClaimPricingTests.Nov2025, row.Hcpcs, row.Modifier.IsSome ? ModifierSet.Of(row.Modifier) : default) { Units = n };
        var price = Calculator.Price(new Claim([line])).Lines[0];
        if (price.Outcome != PriceOutcome.Priced)
        {
            return price.AllowedAmount == 0m;
        }

        // Two units of a BILAT SURG 1 or 2 code are one bilateral procedure; more than one unit of a surgery is ranked.
        bool special = (n == 2 && row.BilateralSurgery is BilateralSurgeryIndicator.Adjustment150 or BilateralSurgeryIndicator.AlreadyBilateral)
            || (n > 1 && row.MultipleProcedure is not (MultipleProcedureIndicator.None or MultipleProcedureIndicator.NotApplicable));
        return special || price.AllowedAmount == price.FeeScheduleAmount * n;
    }

    [Fact]
    public void The_random_claims_reach_the_claim_rules()
    {
        // The laws above are only as good as the claims they see: count the rules that fired over 400 claims.
        var rules = new Dictionary<PricingRule, int>();
        var outcomes = new HashSet<PriceOutcome>();
        for (int seed = 0; seed < 400; seed++)
        {
            foreach (var line in Calculator.Price(RandomClaim(seed)).Lines)
            {
                outcomes.Add(line.Outcome);
                foreach (var step in line.Steps)
                {
                    rules[step.Rule] = rules.GetValueOrDefault(step.Rule) + 1;
                }
            }
        }

        Assert.All([PricingRule.MultipleProcedures, PricingRule.Bilateral, PricingRule.AssistantAtSurgery, PricingRule.GlobalSurgeryShare, PricingRule.NonParticipating, PricingRule.ProviderShare, PricingRule.LesserOfCharge, PricingRule.Deductible, PricingRule.Sequestration, PricingRule.Anesthesia, PricingRule.OppsCap],
            rule => Assert.True(rules.GetValueOrDefault(rule) > 0, $"no claim reached {rule}"));
        Assert.Superset(new HashSet<PriceOutcome> { PriceOutcome.Priced, PriceOutcome.NotPayable, PriceOutcome.CarrierPriced, PriceOutcome.Bundled, PriceOutcome.InvalidModifier, PriceOutcome.NoRelease }, outcomes);
    }
}

/// <summary>The cents of an amount: the pricer's own rounding against <see cref="Math.Round(decimal, int, MidpointRounding)"/>.</summary>
public class MoneyTests
{
    [FsCheck.Xunit.Property(MaxTest = 2000)]
    public bool Cents_rounds_once_half_away_from_zero(long mantissa, byte scale)
    {
        decimal divisor = 1m;
        for (int i = 0; i < scale % 12; i++)
        {
            divisor *= 10m;
        }

        decimal amount = new decimal(mantissa) / divisor;
        decimal expected = Math.Round(amount, 2, MidpointRounding.AwayFromZero) * 100m;
        return Money.Cents(amount) == decimal.ToInt64(expected) && Money.Dollars(Money.Cents(amount)) == Math.Round(amount, 2, MidpointRounding.AwayFromZero);
    }

    [Theory]
    [InlineData("0.005", 1)]
    [InlineData("-0.005", -1)]
    [InlineData("0.0049999", 0)]
    [InlineData("12.345", 1235)]
    [InlineData("7", 700)]
    [InlineData("7.1", 710)]
    [InlineData("79228162514264337593543950.335", -1)]
    public void Cents_of_edge_values(string text, long expected)
    {
        decimal amount = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        if (expected == -1 && amount > 1m)
        {
            Assert.Throws<OverflowException>(() => Money.Cents(amount));
            return;
        }

        Assert.Equal(expected, Money.Cents(amount));
    }
}
