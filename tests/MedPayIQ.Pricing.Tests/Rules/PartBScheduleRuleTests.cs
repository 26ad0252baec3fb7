namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary>Lines the physician fee schedule does not pay, routed to the CLFS, DMEPOS or ASP schedule by the calculator.</summary>
public class PartBScheduleRuleTests
{
    private static readonly PaymentCalculator Calculator = new(PackagedFeeSchedules.Catalog);

    private static ClaimLine Line(string code, DateOnly date, string? modifiers = null, int units = 1, decimal? charge = null)
        => new(date, HcpcsCode.Parse(code), modifiers is null ? ModifierSet.Empty : ModifierSet.Parse(modifiers)) { Units = units, BilledCharge = charge };

    private static readonly DateOnly May2026 = new(2026, 5, 4);
    private static readonly DateOnly May2025 = new(2025, 5, 6);

    [Fact]
    public void A_lab_line_on_a_claim_is_paid_100_percent_of_the_CLFS_rate_without_deductible_or_coinsurance()
    {
        var claim = new Claim([Line("99213", May2026, charge: 150m), Line("80053", May2026, charge: 25m), Line("80053", May2026, "QW", units: 2, charge: 60m)])
        {
            Location = PricingLocation.OfZip("94110"),
            DeductibleRemaining = 283m,
        };
        var priced = Calculator.Price(claim);
        var office = priced.Lines[0];
        var lab = priced.Lines[1];
        var waived = priced.Lines[2];
        Assert.Equal(PaymentSchedule.PhysicianFeeSchedule, office.Schedule);
        Assert.Equal(PaymentSchedule.ClinicalLaboratory, lab.Schedule);
        Assert.Equal(PriceOutcome.Priced, lab.Outcome);
        Assert.Equal(10.56m, lab.FeeScheduleAmount);
        Assert.Equal(10.56m, lab.AllowedAmount);
        Assert.Equal(0m, lab.Deductible);
        Assert.Equal(0m, lab.Coinsurance);
        Assert.Equal(10.56m, lab.MedicarePayment);
        Assert.Equal(PriceConfidence.High, lab.Confidence);
        Assert.Equal(21.12m, waived.AllowedAmount); // two units, the QW row
        Assert.Equal(21.12m, waived.MedicarePayment);
        // The deductible goes to the office visit only.
        Assert.Equal(office.AllowedAmount, office.Deductible);

        var step = Assert.Single(lab.Steps, s => s.Rule == PricingRule.PartBSchedule);
        Assert.Equal("clinical laboratory fee schedule", step.Name);
        Assert.Contains("80053 rate 10.56", step.Detail, StringComparison.Ordinal);
        Assert.Contains("CLFS 2026 Q2", step.Detail, StringComparison.Ordinal);
        Assert.Contains("PUF_CLFS_CY2026_Q2V1.csv sha256 ", step.Source, StringComparison.Ordinal);
        Assert.Contains("42 CFR 414.507", step.Source, StringComparison.Ordinal);
        Assert.DoesNotContain(lab.Steps, s => s.Rule == PricingRule.Release); // not the physician fee schedule's release
        Assert.Contains("Medicare pays 100 %", lab.Reason, StringComparison.Ordinal);
        Assert.Equal(25m - 10.56m, lab.Adjustments.Where(a => a.Rule == PricingRule.LesserOfCharge).Sum(a => a.Amount));
    }

    [Fact]
    public void A_lab_line_is_paid_the_lesser_of_its_charge_and_the_rate()
    {
        var priced = Calculator.Price(new Claim([Line("80053", May2026, charge: 8m)]));
        var lab = priced.Lines[0];
        Assert.Equal(8m, lab.AllowedAmount);
        Assert.Equal(8m, lab.MedicarePayment);
    }

    [Fact]
    public void An_L_indicator_test_is_contractor_priced_with_Low_confidence_and_no_amount()
    {
        var rate = PackagedFeeSchedules.ClinicalLab.Last(s => s.Year == 2026).Rows.First(r => r.Indicator == ClinicalLabIndicator.ContractorPriced);
        var priced = Calculator.Price(new Claim([Line(rate.Hcpcs.ToString(), May2026, charge: 300m)]));
        var line = priced.Lines[0];
        Assert.Equal(PaymentSchedule.ClinicalLaboratory, line.Schedule);
        Assert.Equal(PriceOutcome.CarrierPriced, line.Outcome);
        Assert.Equal(PriceConfidence.Low, line.Confidence);
        Assert.Equal(0m, line.AllowedAmount);
        Assert.Contains("indicator L", line.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_DME_rental_is_priced_by_the_beneficiarys_rural_ZIP_with_80_20_cost_sharing()
    {
        // E0601-RR April 2025, California: non-rural 49.12, rural 91.03 (90704 is a rural ZIP code in 2025 Q2).
        var rural = Calculator.Price(new Claim([Line("E0601", May2025, "RR", charge: 120m)]) { Location = PricingLocation.OfZip("94110"), BeneficiaryZip = "90704" }).Lines[0];
        Assert.Equal(PaymentSchedule.Dmepos, rural.Schedule);
        Assert.Equal(91.03m, rural.AllowedAmount);
        Assert.Equal(18.21m, rural.Coinsurance);
        Assert.Equal(72.82m, rural.MedicarePayment);
        var step = Assert.Single(rural.Steps, s => s.Rule == PricingRule.PartBSchedule);
        Assert.Contains("E0601-RR CA (R) 91.03: beneficiary ZIP 90704, rural", step.Detail, StringComparison.Ordinal);
        Assert.Contains("DMEZIPCodeQuarter2-2025.csv sha256", step.Source, StringComparison.Ordinal);

        // Without a beneficiary ZIP the claim's ZIP is used: 90097 (CA, in the ZIP5 file) is neither rural nor in a former CBA.
        var urban = Calculator.Price(new Claim([Line("E0601", May2025, "RR", charge: 120m)]) { Location = PricingLocation.OfZip("90097") }).Lines[0];
        Assert.Equal(49.12m, urban.AllowedAmount);
        Assert.Equal(9.82m, urban.Coinsurance);
        Assert.Equal(39.30m, urban.MedicarePayment);
        Assert.Equal(PriceConfidence.High, urban.Confidence);
        Assert.Empty(urban.Warnings);
    }

    [Fact]
    public void A_DME_item_in_a_former_competitive_bidding_area_is_paid_that_areas_amount()
    {
        // 94110 is in the former San Francisco CA CBA (2025 Q2 ZIP file); formerCBA_APR2025.csv: E0601-RR San Francisco, CA 53.09.
        var line = Calculator.Price(new Claim([Line("E0601", May2025, "RR", charge: 120m)]) { BeneficiaryZip = "94110" }).Lines[0];
        Assert.Equal(53.09m, line.AllowedAmount);
        Assert.Equal(10.62m, line.Coinsurance);
        Assert.Equal(42.47m, line.MedicarePayment);
        var step = Assert.Single(line.Steps, s => s.Rule == PricingRule.PartBSchedule);
        Assert.Contains("former competitive bidding area San Francisco CA CBA", step.Detail, StringComparison.Ordinal);
        Assert.Contains("formerCBA_APR2025.csv sha256", step.Source, StringComparison.Ordinal);

        // An item not in the former CBA schedule is paid the state's non-rural amount there (A4216 CA NR).
        var supply = Calculator.Price(new Claim([Line("A4216", May2025)]) { BeneficiaryZip = "94110" }).Lines[0];
        Assert.True(PackagedFeeSchedules.Dmepos.Single(s => s.Year == 2025).TryGetAmount(HcpcsCode.Parse("A4216"), ModifierSet.Empty, "CA", rural: false, out var ca));
        Assert.Equal(ca.Amount, supply.AllowedAmount);
    }

    [Fact]
    public void A_DME_line_without_its_pricing_modifier_or_a_ZIP_is_not_priced_and_says_why()
    {
        var noModifier = Calculator.Price(new Claim([Line("E0601", May2025)]) { BeneficiaryZip = "90704" }).Lines[0];
        Assert.Equal(PriceOutcome.InvalidModifier, noModifier.Outcome);
        Assert.Contains("(RR)", noModifier.Reason, StringComparison.Ordinal);

        var noZip = Calculator.Price(new Claim([Line("E0601", May2025, "RR")])).Lines[0];
        Assert.Equal(PriceOutcome.UnknownLocation, noZip.Outcome);
        Assert.Contains("beneficiary's ZIP code", noZip.Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// The ASP file is an UNVERIFIED reconstruction of CMS's July 2026 payment limit file (tests/data/asp-unverified):
    /// this checks the routing and arithmetic (payment limit x units, the file's coinsurance), not CMS's amounts.
    /// </summary>
    [Fact]
    public void A_drug_is_priced_by_its_payment_limit_times_units_from_an_unverified_ASP_file()
    {
        var asp = DrugPaymentLimitLoader.Load(TestData.Path("asp-unverified/July 2026 ASP Pricing File.RECONSTRUCTED.csv"), null);
        var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog.With(asp));
        var july = new DateOnly(2026, 7, 15);
        var priced = calculator.Price(new Claim([Line("J0121", july, units: 100, charge: 900m), Line("90371", july, charge: 200m)]));
        var drug = priced.Lines[0];
        Assert.Equal(PaymentSchedule.PartBDrugs, drug.Schedule);
        Assert.Equal(418.80m, drug.AllowedAmount); // 4.188 x 100
        Assert.Equal(81.77m, drug.Coinsurance);    // 19.524 % of 418.80 = 81.766...
        Assert.Equal(337.03m, drug.MedicarePayment);
        Assert.Equal(136.95m, priced.Lines[1].AllowedAmount); // 136.952 rounded once
        Assert.Equal(27.39m, priced.Lines[1].Coinsurance);
    }

    private static readonly DateOnly Feb2026 = new(2026, 2, 9);

    private static ServiceRequest Service(string code, DateOnly date, string zip = "93101", string? modifiers = null, string? beneficiaryZip = null)
        => new(HcpcsCode.Parse(code), Modifier.None, date, PricingLocation.OfZip(zip), PricingSetting.NonFacility)
        {
            Modifiers = modifiers is null ? ModifierSet.Empty : ModifierSet.Parse(modifiers),
            BeneficiaryZip = beneficiaryZip,
        };

    [Fact]
    public void A_single_service_is_routed_by_the_claims_rule_with_the_same_amount_step_and_reason()
    {
        foreach (var (code, modifiers, zip, date) in new[] { ("80053", (string?)null, "94110", May2026), ("80053", "QW", "94110", Feb2026), ("E0601", "RR", "90704", Feb2026), ("B4034", null, "93101", Feb2026), ("E0601", "RR", "94110", May2025) })
        {
            var single = Calculator.Price(Service(code, date, zip, modifiers));
            var line = Calculator.Price(new Claim([Line(code, date, modifiers)]) { Location = PricingLocation.OfZip(zip) }).Lines[0];
            Assert.Equal(PriceOutcome.Priced, single.Outcome);
            Assert.Equal(line.Schedule, single.Schedule);
            Assert.Equal(line.FeeScheduleAmount, single.FeeScheduleAmount);
            Assert.Equal(line.AllowedAmount, single.AllowedAmount);
            Assert.Equal((line.Confidence, line.ConfidenceReason), (single.Confidence, single.ConfidenceReason));
            Assert.Equal(line.Steps.Single(s => s.Rule == PricingRule.PartBSchedule), Assert.Single(single.Steps));
            Assert.Equal(line.Reason, single.Reason);
            Assert.Null(single.Rvus);
        }
    }

    [Fact]
    public void A_single_lab_test_is_priced_at_its_CLFS_rate_of_the_quarter()
    {
        var q1 = Calculator.Price(Service("80053", Feb2026));
        Assert.Equal((PaymentSchedule.ClinicalLaboratory, 10.56m, PriceConfidence.High), (q1.Schedule, q1.AllowedAmount, q1.Confidence));
        var step = Assert.Single(q1.Steps);
        Assert.Contains("CLFS 2026 Q1", step.Detail, StringComparison.Ordinal);
        Assert.Contains("CLFS 2026 Q1V1.csv sha256 ", step.Source, StringComparison.Ordinal);
        Assert.Contains("Medicare pays 100 %", q1.Reason, StringComparison.Ordinal);
        // An L-indicator test: contractor priced, no amount, Low confidence.
        var local = PackagedFeeSchedules.ClinicalLab.Single(s => s.Year == 2026 && s.Quarter == 1).Rows.First(r => r.Indicator == ClinicalLabIndicator.ContractorPriced);
        var contractor = Calculator.Price(Service(local.Hcpcs.ToString(), Feb2026, modifiers: local.Modifier.IsSome ? local.Modifier.ToString() : null));
        Assert.Equal((PriceOutcome.CarrierPriced, PaymentSchedule.ClinicalLaboratory, 0m, PriceConfidence.Low), (contractor.Outcome, contractor.Schedule, contractor.AllowedAmount, contractor.Confidence));
        Assert.Contains("indicator L", contractor.Reason, StringComparison.Ordinal);
        Assert.Empty(contractor.Steps);
    }

    [Fact]
    public void A_single_DME_item_is_priced_by_the_beneficiarys_rural_ZIP_of_January_2026()
    {
        // E0601-RR California, DMEPOS26_JAN: non-rural 50.44, rural 93.04; 90704 is rural in the 2026 Q1 ZIP file.
        var rural = Calculator.Price(Service("E0601", Feb2026, zip: "93101", modifiers: "RR", beneficiaryZip: "90704"));
        Assert.Equal((PaymentSchedule.Dmepos, 93.04m, PriceConfidence.High), (rural.Schedule, rural.AllowedAmount, rural.Confidence));
        Assert.Contains("E0601-RR CA (R) 93.04: beneficiary ZIP 90704, rural; category CR, DMEPOS 2026 Q1", Assert.Single(rural.Steps).Detail, StringComparison.Ordinal);
        Assert.Contains("DME Rural ZIP Code Quarter 1 2026.csv sha256 ", rural.Steps[0].Source, StringComparison.Ordinal);
        var urban = Calculator.Price(Service("E0601", Feb2026, zip: "93101", modifiers: "RR"));
        Assert.Equal(50.44m, urban.AllowedAmount);
        // Without its rental modifier: no row.
        var bare = Calculator.Price(Service("E0601", Feb2026));
        Assert.Equal((PriceOutcome.InvalidModifier, PaymentSchedule.Dmepos), (bare.Outcome, bare.Schedule));
        Assert.Contains("only with its modifiers (RR)", bare.Reason, StringComparison.Ordinal);
        // A national location and no beneficiary ZIP: the state is unknown.
        var nowhere = Calculator.Price(new ServiceRequest(HcpcsCode.Parse("E0601"), Modifier.None, Feb2026, PricingLocation.National, PricingSetting.NonFacility) { Modifiers = ModifierSet.Parse("RR") });
        Assert.Equal(PriceOutcome.UnknownLocation, nowhere.Outcome);
        Assert.Contains("BeneficiaryZip", nowhere.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nutrition_item_is_priced_from_the_PEN_schedule()
    {
        // B4034, DMEPEN26_JAN: California non-rural 3.83, rural 6.16.
        var kit = Calculator.Price(Service("B4034", Feb2026));
        Assert.Equal((PaymentSchedule.Dmepos, 3.83m), (kit.Schedule, kit.AllowedAmount));
        Assert.Contains("enteral and parenteral nutrition, DMEPOS PEN 2026 Q1", Assert.Single(kit.Steps).Detail, StringComparison.Ordinal);
        Assert.Contains("DMEPEN26_JAN.csv sha256 ", kit.Steps[0].Source, StringComparison.Ordinal);
        Assert.Equal(6.16m, Calculator.Price(Service("B4034", Feb2026, beneficiaryZip: "90704")).AllowedAmount);
        var claim = Calculator.Price(new Claim([Line("B4034", Feb2026, charge: 10m)]) { Location = PricingLocation.OfZip("93101") }).Lines[0];
        Assert.Equal((3.83m, 3.06m), (claim.AllowedAmount, claim.MedicarePayment)); // 80 %, the deductible met
    }

    [Fact]
    public void A_physician_fee_schedule_service_is_not_routed()
    {
        var office = Calculator.Price(Service("99213", Feb2026));
        Assert.Equal(PaymentSchedule.PhysicianFeeSchedule, office.Schedule);
        Assert.NotNull(office.Rvus);
    }
}
