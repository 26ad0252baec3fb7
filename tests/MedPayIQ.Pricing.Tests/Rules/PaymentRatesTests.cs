using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary>
/// <see cref="PaymentRates"/>: each rate is the one CMS publishes (RVU readme; Claims Processing Manual (Pub. 100-04)
/// ch. 12; 42 CFR 410.152, 414.40), and the one its rule applies to a claim.
/// </summary>
public class PaymentRatesTests
{
    [Fact]
    public void Each_rate_is_the_one_CMS_publishes()
    {
        Assert.Equal(1.5m, PaymentRates.BilateralShare(BilateralSurgeryIndicator.Adjustment150));
        Assert.Equal(2m, PaymentRates.BilateralShare(BilateralSurgeryIndicator.EachSide100));
        Assert.Equal(1m, PaymentRates.BilateralShare(BilateralSurgeryIndicator.AlreadyBilateral));
        Assert.Equal(1m, PaymentRates.BilateralShare(BilateralSurgeryIndicator.NoAdjustment));
        Assert.Equal(0.5m, PaymentRates.SecondProcedureShare);
        Assert.Equal(0.25m, PaymentRates.ThirdProcedureShareBefore1995);
        Assert.Equal(5, PaymentRates.LastProcedurePricedByRule);
        Assert.Equal(0.5m, PaymentRates.DiagnosticTechnicalComponentShare(MultipleProcedureIndicator.DiagnosticImaging));
        Assert.Equal(0.95m, PaymentRates.DiagnosticProfessionalComponentShare(MultipleProcedureIndicator.DiagnosticImaging));
        Assert.Equal(0.75m, PaymentRates.DiagnosticTechnicalComponentShare(MultipleProcedureIndicator.DiagnosticCardiovascular));
        Assert.Equal(1m, PaymentRates.DiagnosticProfessionalComponentShare(MultipleProcedureIndicator.DiagnosticCardiovascular));
        Assert.Equal(0.8m, PaymentRates.DiagnosticTechnicalComponentShare(MultipleProcedureIndicator.DiagnosticOphthalmology));
        Assert.Equal(1m, PaymentRates.DiagnosticTechnicalComponentShare(MultipleProcedureIndicator.Standard));
        Assert.Equal(0.5m, PaymentRates.TherapyPracticeExpenseShare);
        Assert.Equal(0.16m, PaymentRates.AssistantAtSurgeryShare);
        Assert.Equal(0.136m, PaymentRates.NonPhysicianAssistantAtSurgeryShare);
        Assert.Equal(0.625m, PaymentRates.CoSurgeonShare);
        Assert.Equal(0.5m, PaymentRates.MedicalDirectionShare);
        Assert.Equal(0.95m, PaymentRates.NonParticipatingShare);
        Assert.Equal(1.15m, PaymentRates.LimitingChargeShare);
        Assert.Equal(0.1m, PaymentRates.HpsaBonusRate);
        Assert.Equal(0.2m, PaymentRates.CoinsuranceRate);
        Assert.Equal(0.02m, PaymentRates.SequestrationRate(new DateOnly(2025, 1, 1)));
        Assert.Equal(0.01m, PaymentRates.SequestrationRate(new DateOnly(2022, 5, 1)));
        Assert.Equal(0m, PaymentRates.SequestrationRate(new DateOnly(2021, 1, 1)));
        Assert.Equal(0.02m, PaymentRates.SequestrationRate(new DateOnly(2019, 1, 1)));
    }

    [Fact]
    public void Each_surgery_and_participation_rate_is_the_one_its_rule_applies_to_a_claim()
    {
        // 27447 RVU25D national non-facility: BILAT SURG 1, ASST SURG 2, CO-SURG 1, MULT PROC 2.
        decimal fee = Fee("27447");
        Assert.Equal(Round(fee * PaymentRates.BilateralShare(BilateralSurgeryIndicator.Adjustment150)), Price(Line("27447", "50")).Lines[0].AllowedAmount);
        Assert.Equal(Round(fee * PaymentRates.AssistantAtSurgeryShare), Price(Line("27447", "80")).Lines[0].AllowedAmount);
        Assert.Equal(Round(fee * PaymentRates.NonPhysicianAssistantAtSurgeryShare), Price(Line("27447", "AS")).Lines[0].AllowedAmount);
        Assert.Equal(Round(fee * PaymentRates.CoSurgeonShare), Price(Line("27447", "62")).Lines[0].AllowedAmount);
        Assert.Equal(Round(fee * PaymentRates.SecondProcedureShare), Price(Line("27447"), Line("27447", "51")).Lines[1].AllowedAmount);

        var nonParticipating = Calculator.Price(new Claim([Line("77321")]) { Participation = Participation.NonParticipating }).Lines[0];
        Assert.Equal(Round(Fee("77321") * PaymentRates.NonParticipatingShare), nonParticipating.AllowedAmount);
        Assert.Equal(Round(Fee("77321") * PaymentRates.NonParticipatingShare * PaymentRates.LimitingChargeShare), nonParticipating.LimitingCharge);

        var line = Calculator.Price(new Claim([Line("77321")]) { ApplySequestration = true }).Lines[0];
        Assert.Equal(Round(line.AllowedAmount * PaymentRates.CoinsuranceRate), line.Coinsurance);
        Assert.Equal(Round((line.AllowedAmount - line.Coinsurance) * PaymentRates.SequestrationRate(Nov2025)), line.Sequestration);
    }

    [Fact]
    public void The_diagnostic_and_therapy_shares_are_the_ones_their_rules_apply()
    {
        var imaging = MultipleProcedureIndicator.DiagnosticImaging;
        var claim = Price(Line("70450"), Line("74177"));
        Assert.Equal(Round((ExactFee("70450", "TC") * PaymentRates.DiagnosticTechnicalComponentShare(imaging)) + (ExactFee("70450", "26") * PaymentRates.DiagnosticProfessionalComponentShare(imaging))), claim.Lines[0].AllowedAmount);
        SecondTechnicalComponentKeeps("93306", "75600", PaymentRates.DiagnosticTechnicalComponentShare(MultipleProcedureIndicator.DiagnosticCardiovascular), PricingRule.DiagnosticCardiovascular);
        SecondTechnicalComponentKeeps("92250", "92134", PaymentRates.DiagnosticTechnicalComponentShare(MultipleProcedureIndicator.DiagnosticOphthalmology), PricingRule.DiagnosticOphthalmology);

        // Every therapy row of RVU25D: the reduced unit is its RVUs with the PE share, times the CF, rounded once.
        var release = TestData.Rvu25D;
        foreach (var row in release.Rvus.Rows.Where(r => r.MultipleProcedure == MultipleProcedureIndicator.Therapy && r.Modifier == Modifier.None))
        {
            decimal reduced = FeeFormula.TherapyReduced(row.WorkHundredths, row.NonFacilityPeHundredths, row.MpHundredths, Locality.National, release.ConversionFactor);
            decimal expected = Round((row.WorkRvu + (row.NonFacilityPracticeExpenseRvu * PaymentRates.TherapyPracticeExpenseShare) + row.MalpracticeRvu) * release.ConversionFactor);
            Assert.True(expected == reduced, $"{row.Hcpcs}: {reduced}, with the PE share {expected}");
        }
    }
}
