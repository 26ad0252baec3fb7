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
        var rate = PackagedFeeSchedules.ClinicalLab.Last(s => s.Year == 2026).Rates.First(r => r.Indicator == ClinicalLabIndicator.ContractorPriced);
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
}
