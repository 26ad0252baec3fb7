using FsCheck.Xunit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary>
/// The balancing law of the remittance every line carries (the X12 835's: SVC02 charge - CAS adjustments = SVC03
/// payment), over random claims of real RVU rows: for every line, the charge less all its adjustments is the Medicare
/// payment, to the cent; the allowed amount less patient responsibility (PR) and sequestration is the payment.
/// </summary>
public class RemittanceBalancingTests
{
    private static readonly PaymentCalculator Calculator = new(PackagedFeeSchedules.Catalog);

    [Property(MaxTest = 400)]
    public bool Charge_less_adjustments_is_the_payment_and_allowed_less_PR_and_sequestration_is_the_payment(int seed, bool charges)
    {
        var claim = ClaimPropertyTests.RandomClaim(seed);
        if (charges)
        {
            // Every line billed: the charge drawn around the line's fee, so that some are lower and most are higher.
            var random = new Random(seed);
            claim = claim with { Lines = [.. claim.Lines.Select(l => l with { BilledCharge = random.Next(0, 3000) + (random.Next(100) / 100m) })] };
        }

        var priced = Calculator.Price(claim);
        foreach (var line in priced.Lines)
        {
            var adjustments = line.Adjustments;
            decimal patient = adjustments.Where(a => a.Code.Group == AdjustmentGroup.PatientResponsibility).Sum(a => a.Amount);
            decimal sequestration = adjustments.Where(a => a.Code.Reason == "253").Sum(a => a.Amount);
            bool balances = line.Charge - adjustments.Sum(a => a.Amount) == line.MedicarePayment
                && line.AllowedAmount - patient - sequestration == line.MedicarePayment
                && patient == line.Deductible + line.Coinsurance
                && sequestration == line.Sequestration
                && (line.Line.BilledCharge is not { } billed || billed < 0m || line.Charge == billed)
                && adjustments.All(a => a.Amount != 0m && a.Code.Reason is not null)
                && (line.Outcome == PriceOutcome.Priced || (line.MedicarePayment == 0m && adjustments.Sum(a => a.Amount) == line.Charge));
            if (!balances)
            {
                return false;
            }
        }

        return priced.Lines.Sum(l => l.Charge) == priced.Charge;
    }

    [Fact]
    public void Every_step_that_adjusts_the_charge_carries_its_group_and_reason_code()
    {
        var claim = Calculator.Price(new Claim(
        [
            new ClaimLine(new DateOnly(2025, 11, 3), HcpcsCode.Parse("27447")) { BilledCharge = 3000m },
            new ClaimLine(new DateOnly(2025, 11, 3), HcpcsCode.Parse("11042")) { BilledCharge = 400m },
            new ClaimLine(new DateOnly(2025, 11, 3), HcpcsCode.Parse("96523")) { BilledCharge = 50m },
        ]) { DeductibleRemaining = 100m, ApplySequestration = true });
        foreach (var line in claim.Lines)
        {
            var fromSteps = line.Steps.Where(s => s.Remittance is not null).Select(s => (s.Remittance!.Value.ToString(), s.RemittanceAmount));
            var fromAdjustments = line.Adjustments.Select(a => (a.Code.ToString(), a.Amount));
            Assert.Equal(fromAdjustments.OrderBy(x => x.Item1), fromSteps.OrderBy(x => x.Item1));
        }

        Assert.Equal(["CO-45", "PR-1", "PR-2", "CO-253"], claim.Lines[0].Adjustments.Select(a => a.Code.ToString()));
        Assert.Equal(["CO-59", "CO-45", "PR-2", "CO-253"], claim.Lines[1].Adjustments.Select(a => a.Code.ToString()));
        Assert.Equal(["CO-97 M80"], claim.Lines[2].Adjustments.Select(a => a.Code.ToString()));
    }
}
