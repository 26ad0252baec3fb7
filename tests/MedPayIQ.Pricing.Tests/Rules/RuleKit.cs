namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary>Claims and fees for the rule tests: national prices from the packaged releases (RVU25A for January 2025, RVU25D for November 2025).</summary>
internal static class RuleKit
{
    public static readonly PaymentCalculator Calculator = new(PackagedFeeSchedules.Catalog);
    public static readonly DateOnly Jan2025 = new(2025, 1, 15);   // RVU25A in force
    public static readonly DateOnly Nov2025 = new(2025, 11, 3);   // RVU25D in force

    public static ClaimLine Line(string code, string modifiers = "", int units = 1, DateOnly? date = null, decimal? charge = null)
        => new(date ?? Nov2025, HcpcsCode.Parse(code), ModifierSet.Parse(modifiers)) { Units = units, BilledCharge = charge };

    public static ClaimPrice Price(params ClaimLine[] lines) => Calculator.Price(new Claim(lines));

    public static ClaimPrice Price(PricingSetting setting, params ClaimLine[] lines) => Calculator.Price(new Claim(lines) { Setting = setting });

    /// <summary>One row's fee schedule amount, national.</summary>
    public static decimal Fee(string code, string modifier = "", PricingSetting setting = PricingSetting.NonFacility, DateOnly? date = null)
        => Calculator.Price(new ServiceRequest(HcpcsCode.Parse(code), modifier.Length == 0 ? Modifier.None : Modifier.Parse(modifier), date ?? Nov2025, PricingLocation.National, setting)).FeeScheduleAmount;

    /// <summary>One row's fee schedule amount before its one rounding (after the OPPS cap), national non-facility, November 2025.</summary>
    public static decimal ExactFee(string code, string modifier = "")
    {
        var context = Calculator.Context(Nov2025, PricingLocation.National, false);
        TestData.Rvu25D.Rvus.TryGet(HcpcsCode.Parse(code), modifier.Length == 0 ? Modifier.None : Modifier.Parse(modifier), out var row);
        decimal exact = FeeScheduleAmountRule.Exact(context, row, PricingSetting.NonFacility);
        return row.HasOppsRvus ? Math.Min(exact, OppsCapRule.Exact(context, row, PricingSetting.NonFacility)) : exact;
    }

    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Two TC lines of one family on a day: the higher TC is paid in full, the lower its exact TC times the share kept,
    /// rounded once, with the rule's step.
    /// </summary>
    public static void SecondTechnicalComponentKeeps(string a, string b, decimal kept, PricingRule rule)
    {
        var claim = Price(Line(a, "TC"), Line(b, "TC"));
        var (paidFull, reduced) = Fee(a, "TC") >= Fee(b, "TC") ? (claim.Lines[0], claim.Lines[1]) : (claim.Lines[1], claim.Lines[0]);
        Assert.Equal(Math.Max(Fee(a, "TC"), Fee(b, "TC")), paidFull.AllowedAmount);
        Assert.Equal(Round(ExactFee(reduced.Line.Hcpcs.ToString(), "TC") * kept), reduced.AllowedAmount); // the exact TC, rounded once
        Assert.Equal(1m - kept, StepsOf(reduced, rule).Single().Factor);
        Assert.Equal("CO-59", StepsOf(reduced, rule).Single().Remittance?.ToString());
    }

    /// <summary>The steps a rule wrote on a line.</summary>
    public static PricingStep[] StepsOf(LinePrice line, PricingRule rule) => [.. line.Steps.Where(s => s.Rule == rule)];

    /// <summary>The remittance adjustments of a line with a code, such as "CO-59".</summary>
    public static decimal Remitted(LinePrice line, string code) => line.Adjustments.Where(a => $"{a.Code.GroupCode}-{a.Code.Reason}" == code).Sum(a => a.Amount);

    /// <summary>The balancing law of a line: charge - adjustments = payment; allowed - PR - sequestration = payment.</summary>
    public static void Balances(LinePrice line)
    {
        Assert.Equal(line.MedicarePayment, line.Charge - line.Adjustments.Sum(a => a.Amount));
        decimal patient = line.Adjustments.Where(a => a.Code.Group == AdjustmentGroup.PatientResponsibility).Sum(a => a.Amount);
        Assert.Equal(line.MedicarePayment, line.AllowedAmount - patient - line.Sequestration);
    }
}
