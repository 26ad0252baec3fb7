using FsCheck.Xunit;

namespace MedPayIQ.Pricing.Tests;

/// <summary>Single-service pricing: the worked examples of rules.md section D, each with its source.</summary>
public class PaymentCalculatorTests
{
    private static readonly PaymentCalculator Calculator = new(PackagedFeeSchedules.Catalog);
    private static readonly DateOnly Nov2025 = new(2025, 11, 3);
    private static readonly DateOnly Jan2025 = new(2025, 1, 15);
    private static readonly DateOnly Aug2026 = new(2026, 8, 3);

    private static ServicePrice Price(string code, string modifier, DateOnly dos, PricingLocation location, PricingSetting setting = PricingSetting.NonFacility, bool participating = true, bool qp = false)
        => Calculator.Price(new ServiceRequest(HcpcsCode.Parse(code), Modifier.Parse(modifier.Length == 0 ? "  " : modifier), dos, location, setting, participating ? Participation.Participating : Participation.NonParticipating, qp ? ApmStatus.QualifyingParticipant : ApmStatus.NotQualifying));

    private static PricingLocation At(string locality) => PricingLocation.Of(LocalityKey.Parse(locality));

    [Theory]
    // rules.md D7-D9 (calc; 92.51 also published by a public code page from RVU25A)
    [InlineData("", "2025-01-15", false, 92.51)]
    [InlineData("26", "2025-01-15", false, 48.84)]
    [InlineData("TC", "2025-01-15", false, 43.67)]
    [InlineData("", "2026-08-03", false, 94.52)]
    [InlineData("26", "2026-08-03", false, 49.77)]
    [InlineData("TC", "2026-08-03", false, 44.76)]
    // rules.md C: 2026 qualifying APM participant (CF 33.5675)
    [InlineData("", "2026-08-03", true, 95.00)]
    [InlineData("26", "2026-08-03", true, 50.02)]
    [InlineData("TC", "2026-08-03", true, 44.98)]
    public void National_77321(string modifier, string date, bool qp, decimal expected)
    {
        var price = Price("77321", modifier, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), PricingLocation.National, qp: qp);
        Assert.Equal(PriceOutcome.Priced, price.Outcome);
        Assert.Equal(expected, price.FeeScheduleAmount);
        Assert.Equal(expected, price.AllowedAmount);
        Assert.Equal(PriceConfidence.High, price.Confidence);
        Assert.Null(price.Locality);
    }

    [Theory]
    // rules.md C: 2025 and 2026 locality amounts of 77321 (calc from CMS RVU and GPCI files)
    [InlineData("10112/00", "", 2025, 83.94)]
    [InlineData("10112/00", "26", 2025, 46.09)]
    [InlineData("10112/00", "TC", 2025, 37.85)]
    [InlineData("13202/01", "", 2025, 105.56)]
    [InlineData("01112/05", "", 2025, 119.53)]
    [InlineData("04412/99", "", 2025, 89.10)]
    [InlineData("02102/01", "", 2025, 112.09)]
    [InlineData("10112/00", "", 2026, 86.08)]
    [InlineData("10112/00", "26", 2026, 47.02)]
    [InlineData("10112/00", "TC", 2026, 39.06)]
    [InlineData("13202/01", "", 2026, 107.50)]
    [InlineData("01112/05", "", 2026, 121.85)]
    [InlineData("04412/99", "", 2026, 91.21)]
    [InlineData("02102/01", "", 2026, 113.32)]
    public void Locality_77321(string locality, string modifier, int year, decimal expected)
    {
        var price = Price("77321", modifier, year == 2025 ? Nov2025 : Aug2026, At(locality));
        Assert.Equal(expected, price.FeeScheduleAmount);
        Assert.Equal(LocalityKey.Parse(locality), price.Locality!.Key);
    }

    [Theory]
    // rules.md D10-D12: 99213 and 99203
    [InlineData("99213", "2026-08-03", "national", PricingSetting.NonFacility, 95.19)]
    [InlineData("99213", "2026-08-03", "national", PricingSetting.Facility, 57.45)]
    [InlineData("99213", "2025-11-03", "national", PricingSetting.NonFacility, 88.95)]
    [InlineData("99213", "2025-11-03", "national", PricingSetting.Facility, 63.72)]
    [InlineData("99203", "2026-08-03", "04412/99", PricingSetting.NonFacility, 114.05)]
    // rules.md D17: 27447 national facility 2025
    [InlineData("27447", "2025-11-03", "national", PricingSetting.Facility, 1257.63)]
    public void Evaluation_and_surgery_examples(string code, string date, string location, PricingSetting setting, decimal expected)
    {
        var price = Price(code, "", DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), location == "national" ? PricingLocation.National : At(location), setting);
        Assert.Equal(expected, price.FeeScheduleAmount);
    }

    [Fact]
    public void Discontinued_colonoscopy_has_its_own_row_and_other_53s_are_by_individual_consideration()
    {
        // rules.md D21: 45378-53 vs 45378, national non-facility 2025
        Assert.Equal(164.00m, Price("45378", "53", Nov2025, PricingLocation.National).FeeScheduleAmount);
        Assert.Equal(327.67m, Price("45378", "", Nov2025, PricingLocation.National).FeeScheduleAmount);
        var other = Price("27447", "53", Nov2025, PricingLocation.National);
        Assert.Equal(PriceOutcome.CarrierPriced, other.Outcome);
        Assert.Equal(PriceConfidence.Low, other.Confidence);
        Assert.Equal(0m, other.FeeScheduleAmount);
    }

    [Fact]
    public void OPPS_cap_binds_on_imaging_and_equals_CMS_OPPSCAP()
    {
        // rules.md D4-D5: 70496, Alabama, October 2025: OPPSCAP 230.40 (MPFS 243.05) and TC 154.60 (MPFS 167.24)
        var global = Price("70496", "", Nov2025, At("10112/00"));
        Assert.Equal(230.40m, global.FeeScheduleAmount);
        Assert.Contains(global.Steps, s => s.Rule == PricingRule.FeeScheduleAmount && s.Amount == 243.05m);
        Assert.Contains(global.Steps, s => s.Rule == PricingRule.OppsCap && s.Amount == 230.40m);
        Assert.Equal(230.40m, Price("70496", "", Nov2025, At("10112/00"), PricingSetting.Facility).FeeScheduleAmount);
        Assert.Equal(154.60m, Price("70496", "TC", Nov2025, At("10112/00")).FeeScheduleAmount);
        Assert.Equal(48.84m, Price("77321", "26", Jan2025, PricingLocation.National).FeeScheduleAmount); // no OPPS RVUs: no cap step
        Assert.DoesNotContain(Price("77321", "26", Jan2025, PricingLocation.National).Steps, s => s.Rule == PricingRule.OppsCap);
    }

    [Fact]
    public void Non_participating_is_95_percent_and_the_limiting_charge_is_CMS_s_1_0925()
    {
        // rules.md D16: 92.51 x 1.0925 = 101.07 (the two-step 0.95 then 1.15 gives 101.06)
        var price = Price("77321", "", Jan2025, PricingLocation.National, participating: false);
        Assert.Equal(92.51m, price.FeeScheduleAmount);
        Assert.Equal(87.88m, price.AllowedAmount);
        Assert.Equal(101.07m, price.LimitingCharge);
        Assert.Null(Price("77321", "", Jan2025, PricingLocation.National).LimitingCharge);
    }

    [Fact]
    public void A_zip_code_is_priced_in_its_locality()
    {
        var byZip = Price("77321", "", Nov2025, PricingLocation.OfZip("90210"));
        var byLocality = Price("77321", "", Nov2025, At("01182/18"));
        Assert.Equal(byLocality.FeeScheduleAmount, byZip.FeeScheduleAmount);
        Assert.Equal(LocalityKey.Parse("01182/18"), byZip.Locality!.Key);
        Assert.Contains(byZip.Steps, s => s.Rule == PricingRule.Locality && s.Detail.Contains("01182/18", StringComparison.Ordinal));
        Assert.Equal(PriceOutcome.UnknownLocation, Price("77321", "", Nov2025, PricingLocation.OfZip("00000")).Outcome);
        Assert.Throws<FormatException>(() => PricingLocation.OfZip("9021"));
    }

    [Theory]
    [InlineData("77385", PriceOutcome.NotPayable)]      // status I in 2025
    [InlineData("0633T", PriceOutcome.CarrierPriced)]   // status C
    [InlineData("D0120", PriceOutcome.CarrierPriced)]   // status R
    [InlineData("00100", PriceOutcome.NotPayable)]      // status J: the anesthesia formula, not the fee schedule
    [InlineData("ZZZZZ", PriceOutcome.UnknownCode)]
    public void Non_payable_statuses_and_unknown_codes_are_answers(string code, PriceOutcome outcome)
    {
        var price = Price(code, "", Nov2025, PricingLocation.National);
        Assert.Equal(outcome, price.Outcome);
        Assert.Equal(0m, price.AllowedAmount);
        Assert.False(string.IsNullOrWhiteSpace(price.Reason));
    }

    [Fact]
    public void Bundled_status_pays_nothing()
    {
        var price = Calculator.Price(new ServiceRequest(HcpcsCode.Parse("77387"), Modifier.TechnicalComponent, Aug2026, PricingLocation.National, PricingSetting.NonFacility));
        Assert.Equal(PriceOutcome.Bundled, price.Outcome);
        Assert.Equal(0m, price.AllowedAmount);
    }

    [Fact]
    public void Modifier_26_on_a_physician_service_is_invalid()
    {
        var price = Price("99213", "26", Nov2025, PricingLocation.National);
        Assert.Equal(PriceOutcome.InvalidModifier, price.Outcome);
        Assert.Contains("PC/TC indicator 0", price.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Facility_NA_and_T_status_are_priced_with_a_warning()
    {
        var na = Price("77321", "", Nov2025, PricingLocation.National, PricingSetting.Facility);
        Assert.Equal(92.51m, na.FeeScheduleAmount);
        Assert.Equal(PriceConfidence.Medium, na.Confidence);
        Assert.Contains(na.Warnings, w => w.Contains("-26", StringComparison.Ordinal));
        var injection = Price("96523", "", Nov2025, PricingLocation.National);
        Assert.Equal(PriceOutcome.Priced, injection.Outcome);
        Assert.Contains(injection.Warnings, w => w.StartsWith("Status T", StringComparison.Ordinal));
    }

    [Fact]
    public void Dates_outside_the_loaded_releases()
    {
        Assert.Equal(PriceOutcome.NoRelease, Price("77321", "", new DateOnly(2027, 2, 1), PricingLocation.National).Outcome);
        var june = Price("77321", "", new DateOnly(2025, 6, 2), PricingLocation.National);
        Assert.Equal(PriceOutcome.Priced, june.Outcome);
        Assert.Equal(PriceConfidence.Medium, june.Confidence);
        Assert.Equal("RVU25A", june.Release!.Id.ToString());
    }

    [Fact]
    public void Every_step_names_its_source_and_the_release_is_traceable()
    {
        var price = Price("77321", "", Nov2025, At("01182/18"), participating: false);
        Assert.Equal([PricingRule.Release, PricingRule.FeeScheduleAmount, PricingRule.NonParticipating], price.Steps.Select(s => s.Rule));
        Assert.All(price.Steps, s => Assert.False(string.IsNullOrWhiteSpace(s.Source)));
        Assert.Contains(TestData.Rvu25D.RvuFileSha256, price.Steps[0].Source, StringComparison.Ordinal);
        Assert.Equal(price.FeeScheduleAmount, Math.Round((price.WorkComponent + price.PracticeExpenseComponent + price.MalpracticeComponent) * price.ConversionFactor, 2, MidpointRounding.AwayFromZero));
    }

    [Theory]
    [InlineData("11", PricingSetting.NonFacility)]
    [InlineData("22", PricingSetting.Facility)]
    [InlineData("19", PricingSetting.Facility)]
    [InlineData("02", PricingSetting.Facility)]
    [InlineData("10", PricingSetting.NonFacility)]
    [InlineData("31", PricingSetting.Facility)]
    [InlineData("32", PricingSetting.NonFacility)]
    [InlineData("61", PricingSetting.Facility)]
    public void Places_of_service(string code, PricingSetting setting) => Assert.Equal(setting, PlaceOfService.Parse(code).Setting);

    [Property]
    public bool Integer_and_decimal_formulas_agree_to_the_cent(uint w, uint pe, uint mp, ushort wg, ushort pg, ushort mg, uint cf)
    {
        // The fast path computes in whole 10^-9 dollars; the reference is decimal arithmetic rounded once.
        var locality = new Locality(LocalityKey.Create(1, 1), "XX", "TEST", wg % 5000, pg % 5000, mg % 5000, []);
        decimal factor = (cf % 2_000_000) / 10_000m;
        int a = (int)(w % 100_000), b = (int)(pe % 100_000), c = (int)(mp % 100_000);
        return FeeFormula.Amount(a, b, c, locality, factor) == FeeFormula.Round(FeeFormula.Unrounded(a, b, c, locality, factor));
    }

    [Property]
    public bool Integer_and_decimal_unrounded_amounts_are_equal(uint w, uint pe, uint mp, ushort wg, ushort pg, ushort mg, uint cf)
    {
        // The exact amount a reduction starts from: whole 10^-9 dollars on the fast path, decimal arithmetic otherwise.
        var locality = new Locality(LocalityKey.Create(1, 1), "XX", "TEST", wg % 5000, pg % 5000, mg % 5000, []);
        decimal factor = (cf % 2_000_000) / 10_000m;
        int a = (int)(w % 100_000), b = (int)(pe % 100_000), c = (int)(mp % 100_000);
        return FeeFormula.Unrounded(a, b, c, locality, factor, FeeFormula.TenThousandths(factor)) == FeeFormula.Unrounded(a, b, c, locality, factor);
    }

    [Fact]
    public void Factors_with_more_than_four_decimals_take_the_decimal_path()
    {
        var locality = new Locality(LocalityKey.Create(1, 1), "XX", "TEST", 1000, 1000, 1000, []);
        Assert.Equal(-1, FeeFormula.TenThousandths(33.40092m));
        Assert.Equal(Math.Round(2.86m * 33.40092m, 2, MidpointRounding.AwayFromZero), FeeFormula.Amount(95, 186, 5, locality, 33.40092m));
        Assert.Equal(334009, FeeFormula.TenThousandths(33.4009m));
    }

    [Property]
    public bool National_amount_is_total_RVUs_times_CF_rounded_and_never_negative(ushort pick, bool facility, bool participating)
    {
        var release = TestData.Rvu25D;
        var row = release.Rvus.Rows[pick % release.Rvus.Count];
        var price = Calculator.Price(new ServiceRequest(row.Hcpcs, row.Modifier, Nov2025, PricingLocation.National, facility ? PricingSetting.Facility : PricingSetting.NonFacility, participating ? Participation.Participating : Participation.NonParticipating));
        if (price.Outcome != PriceOutcome.Priced)
        {
            return price.AllowedAmount == 0m;
        }

        decimal total = facility ? row.FacilityTotalRvu : row.NonFacilityTotalRvu;
        bool capped = price.Steps.Any(s => s.Rule == PricingRule.OppsCap && s.Detail.Contains("is lower", StringComparison.Ordinal));
        bool formula = capped || price.FeeScheduleAmount == Math.Round(total * 32.3465m, 2, MidpointRounding.AwayFromZero);
        bool nonpar = participating || price.AllowedAmount == Math.Round(price.FeeScheduleAmount * 0.95m, 2, MidpointRounding.AwayFromZero);
        return formula && nonpar && price.AllowedAmount >= 0 && price.AllowedAmount <= price.FeeScheduleAmount;
    }

    [Fact]
    public void Every_row_of_a_release_answers_a_single_service_as_its_status_says_with_its_row_and_limiting_charge_only_when_non_participating()
    {
        // The single-service path answers a payable row (A, T) at once and leaves every other row to the slower path:
        // both must say what the status means, keep the row, and give a limiting charge only to a priced non-participating service.
        var release = TestData.Rvu25D;
        var location = PricingLocation.Of(LocalityKey.Parse("01182/18"));
        foreach (var row in release.Rvus.Rows)
        {
            foreach (bool participating in new[] { true, false })
            {
                var price = Calculator.Price(new ServiceRequest(row.Hcpcs, row.Modifier, Nov2025, location, PricingSetting.NonFacility, participating ? Participation.Participating : Participation.NonParticipating));
                var (expected, _) = StatusRule.Of(row.Status);
                if (price.Schedule != PaymentSchedule.PhysicianFeeSchedule)
                {
                    // A code another Part B schedule lists and the physician fee schedule does not pay (status X, E, I or N).
                    Assert.True(PartBScheduleRule.LeftToOtherSchedules(row.Status), $"{row.Hcpcs}-{row.Modifier} status {row.Status} was routed to {price.Schedule}");
                    Assert.Null(price.Rvus);
                    continue;
                }

                Assert.Equal(expected, price.Outcome);
                Assert.Equal(row, price.Rvus);
                Assert.Equal(price.Outcome == PriceOutcome.Priced && !participating, price.LimitingCharge is not null);
                Assert.True(price.Outcome == PriceOutcome.Priced ? price.FeeScheduleAmount >= price.AllowedAmount : price.AllowedAmount == 0m && price.FeeScheduleAmount == 0m);
                Assert.False(string.IsNullOrEmpty(price.Reason));
                Assert.False(string.IsNullOrEmpty(price.ConfidenceReason));
            }
        }
    }

    [Fact]
    public void The_per_thread_context_memo_never_answers_for_another_calculator_date_place_or_APM_status()
    {
        var all = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        var only25A = new PaymentCalculator(FeeScheduleCatalog.Create([PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25A"))]));
        var code = HcpcsCode.Parse("77321");
        var requests = new[]
        {
            new ServiceRequest(code, Modifier.None, new DateOnly(2025, 11, 3), PricingLocation.National, PricingSetting.NonFacility),
            new ServiceRequest(code, Modifier.None, new DateOnly(2025, 11, 3), PricingLocation.Of(LocalityKey.Parse("01182/18")), PricingSetting.NonFacility),
            new ServiceRequest(code, Modifier.None, new DateOnly(2025, 11, 3), PricingLocation.OfZip("35203"), PricingSetting.NonFacility),
            new ServiceRequest(code, Modifier.None, new DateOnly(2025, 1, 2), PricingLocation.National, PricingSetting.NonFacility),
            new ServiceRequest(code, Modifier.None, new DateOnly(2026, 7, 1), PricingLocation.National, PricingSetting.NonFacility),
            new ServiceRequest(code, Modifier.None, new DateOnly(2026, 7, 1), PricingLocation.National, PricingSetting.NonFacility, ApmStatus: ApmStatus.QualifyingParticipant),
            new ServiceRequest(code, Modifier.None, new DateOnly(2019, 7, 1), PricingLocation.National, PricingSetting.NonFacility),
        };

        // The answers of each calculator for each request, each priced right after a different request.
        string Answer(PaymentCalculator c, in ServiceRequest r)
        {
            var p = c.Price(r);
            return $"{p.Outcome} {p.Release?.Id} {p.AllowedAmount} {p.ConversionFactor} {p.Locality?.Key}";
        }

        var expected = new Dictionary<(int, int), string>();
        foreach (var (calculator, ci) in new[] { (all, 0), (only25A, 1) })
        {
            for (int i = 0; i < requests.Length; i++)
            {
                _ = new PaymentCalculator(PackagedFeeSchedules.Catalog).Price(requests[(i + 3) % requests.Length]); // another calculator in between
                expected[(ci, i)] = Answer(calculator, requests[i]);
            }
        }

        var random = new Random(5);
        for (int n = 0; n < 2_000; n++)
        {
            int ci = random.Next(2), i = random.Next(requests.Length);
            Assert.Equal(expected[(ci, i)], Answer(ci == 0 ? all : only25A, requests[i]));
        }

        Assert.Equal("Priced RVU26C 94.52 33.4009 ", expected[(0, 4)]);
        Assert.Equal("Priced RVU26C 95.00 33.5675 ", expected[(0, 5)]);
        Assert.StartsWith("NoRelease", expected[(1, 4)], StringComparison.Ordinal);
        Assert.Equal("Priced RVU25A 92.51 32.3465 ", expected[(1, 0)]); // 2025-11-03 with the only 2025 release loaded
        Assert.Equal("Priced RVU25A 92.51 32.3465 ", expected[(1, 3)]);
    }
}
