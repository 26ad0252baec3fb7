using System.Collections.Immutable;
using MedPayIQ.X12;

namespace MedPayIQ.X12.Tests;

/// <summary>
/// Deliberate under- and overpayments: a payer's 835 written from the worked claim adjudicated under one change
/// (another locality, setting, conversion factor, deductible, a denial, no multiple procedure reduction, a modifier
/// ignored, an amount off) and compared with the 837P: each line's variance is the payer's payment less the expected
/// one, to the cent, and its cause is the change made.
/// </summary>
public class RemittanceComparisonTests
{
    private static readonly ExpectedAdjudicator Adjudicator = new(RemittanceReaderTests.Calculator, RemittanceReaderTests.Checker);
    private static readonly RemittanceComparer Comparer = new(RemittanceReaderTests.Calculator, RemittanceReaderTests.Checker);
    private static readonly ProfessionalClaim Worked = RemittanceReaderTests.ReadClaims("worked-claim.837")[0];
    private static readonly ExpectedClaim Ours = Adjudicator.Adjudicate(Worked);

    /// <summary>The payer's claim written as an 835, read, and compared with the billed claim.</summary>
    private static RemittanceClaimComparison Compare(ExpectedClaim payer, ProfessionalClaim billed)
    {
        var (remittances, reader) = RemittanceReaderTests.Read(RemittanceReaderTests.Write([payer with { Source = billed }]));
        Assert.Empty(reader.Errors);
        Assert.Empty(remittances[0].Imbalances);
        return Assert.Single(Comparer.Compare(remittances[0], new Dictionary<string, ProfessionalClaim> { [billed.ClaimId] = billed }));
    }

    /// <summary>The worked claim as the payer adjudicated it after a change to the claim.</summary>
    private static RemittanceClaimComparison PayerPriced(Func<Claim, Claim> change, ExpectedAdjudicator? adjudicator = null)
        => Compare((adjudicator ?? Adjudicator).Adjudicate(Worked.ClaimId, change(Worked.Claim)), Worked);

    private static void AssertLine(RemittanceClaimComparison compared, ExpectedClaim payer, int line, VarianceCause cause)
    {
        var l = compared.Lines[line - 1];
        Assert.Equal((payer.Lines[line - 1].Payment, Ours.Lines[line - 1].Payment), (l.Paid, l.ExpectedPaid));
        Assert.Equal(payer.Lines[line - 1].Payment - Ours.Lines[line - 1].Payment, l.Variance);
        Assert.NotEqual(0m, l.Variance);
        Assert.Equal(cause, l.Cause);
        Assert.Equal(RemittanceMatch.ControlNumber, l.Match);
    }

    [Fact]
    public void Another_locality_is_found()
    {
        var release = PackagedFeeSchedules.Catalog.Resolve(new DateOnly(2026, 7, 6)).Release!;
        var elsewhere = release.Localities.Rows.First(r => r.State == "AL").Key;
        var compared = PayerPriced(c => c with { Location = PricingLocation.Of(elsewhere) });
        var payer = Adjudicator.Adjudicate(Worked.ClaimId, Worked.Claim with { Location = PricingLocation.Of(elsewhere) });
        AssertLine(compared, payer, 1, VarianceCause.Locality);
        Assert.True(compared.Lines[0].Variance < 0, "Alabama pays less than Beverly Hills");
        Assert.Contains("the payer priced another locality", compared.Lines[0].CauseText, StringComparison.Ordinal);
        Assert.Equal((0m, VarianceCause.None), (compared.Lines[2].Variance, compared.Lines[2].Cause)); // 99292 denied on both sides
    }

    [Fact]
    public void The_facility_rate_is_found()
    {
        var payer = Adjudicator.Adjudicate(Worked.ClaimId, Worked.Claim with { PlaceOfService = PlaceOfService.Parse("22") });
        var compared = Compare(payer, Worked);
        AssertLine(compared, payer, 1, VarianceCause.Setting);
        Assert.StartsWith($"allowed {payer.Lines[0].Allowed:0.00}, the facility amount: the payer priced the other setting, where 126.56 is expected", compared.Lines[0].CauseText, StringComparison.Ordinal);
    }

    [Fact]
    public void The_other_conversion_factor_is_found()
    {
        var payer = Adjudicator.Adjudicate(Worked.ClaimId, Worked.Claim with { ApmStatus = ApmStatus.QualifyingParticipant });
        var compared = Compare(payer, Worked);
        AssertLine(compared, payer, 1, VarianceCause.ConversionFactor);
        Assert.True(compared.Lines[0].Variance > 0, "the qualifying APM participant conversion factor is the higher");
    }

    [Fact]
    public void A_deductible_the_payer_applied_is_found()
    {
        var payer = Adjudicator.Adjudicate(Worked.ClaimId, Worked.Claim with { DeductibleRemaining = 50m });
        var compared = Compare(payer, Worked);
        AssertLine(compared, payer, 1, VarianceCause.Deductible);
        Assert.Equal(compared.Lines[0].Allowed, compared.Lines[0].ExpectedAllowed);
        Assert.StartsWith("the same allowed amount 126.56; deductible PR-1 50.00 where 0.00 is expected", compared.Lines[0].CauseText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_the_payer_denied_is_an_underpayment_of_its_expected_payment()
    {
        var ecg = Ours.Lines[1];
        var denied = ecg with { Allowed = 0m, Payment = 0m, PatientResponsibility = 0m, Adjustments = [new CasAdjustment("CO", "97", ecg.Charge, null)] };
        var payer = Totals(Ours with { Lines = Ours.Lines.SetItem(1, denied) });
        var compared = Compare(payer, Worked);
        AssertLine(compared, payer, 2, VarianceCause.PayerDenied);
        Assert.Equal(-11.35m, compared.Lines[1].Variance);
        Assert.Equal("denied by the payer (CO-97 120.00) where the payment rules and the NCCI edits in force allow 14.47: an edit or policy MedPayIQ's checker does not apply, or a modifier the payer did not accept", compared.Lines[1].CauseText);
        Assert.Equal(-11.35m, compared.Variance);
    }

    [Fact]
    public void An_add_on_code_paid_without_its_primary_is_an_overpayment()
    {
        var compared = PayerPriced(c => c, new ExpectedAdjudicator(RemittanceReaderTests.Calculator)); // a payer without the add-on code edits
        var paid = compared.Lines[2];
        Assert.Equal((VarianceCause.ExpectedDenied, 0m), (paid.Cause, paid.ExpectedPaid));
        Assert.True(paid.Variance > 0);
        Assert.Contains("(CO-107)", paid.CauseText, StringComparison.Ordinal);
        Assert.Equal((VarianceCause.None, VarianceCause.None), (compared.Lines[0].Cause, compared.Lines[1].Cause));
    }

    [Fact]
    public void A_modifier_the_payer_ignored_is_found()
    {
        var line = new ClaimLine(new DateOnly(2026, 7, 6), HcpcsCode.Parse("77321"), ModifierSet.Parse("26")) { BilledCharge = 300m };
        var billed = RemittanceReaderTests.Billed("M-1", new Claim([line]) { Location = PricingLocation.OfZip("10001"), PlaceOfService = PlaceOfService.Parse("11"), ApplySequestration = true });
        var payer = Adjudicator.Adjudicate("M-1", billed.Claim with { Lines = [line with { Modifiers = ModifierSet.Empty }] });
        var compared = Compare(payer, billed);
        var l = Assert.Single(compared.Lines);
        Assert.Equal((VarianceCause.Modifier, RemittanceMatch.Position), (l.Cause, l.Match));
        Assert.Equal(payer.Payment - Adjudicator.Adjudicate(billed).Payment, l.Variance);
        Assert.Contains("without modifier(s) 26", l.CauseText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multiple_procedure_reduction_the_payer_missed_is_found()
    {
        var day = new DateOnly(2026, 7, 6);
        var billed = RemittanceReaderTests.Billed("S-1", new Claim([
            new ClaimLine(day, HcpcsCode.Parse("27447")) { BilledCharge = 6000m },
            new ClaimLine(day, HcpcsCode.Parse("27130")) { BilledCharge = 5000m }])
        { Location = PricingLocation.OfZip("10001"), PlaceOfService = PlaceOfService.Parse("22"), ApplySequestration = true });
        var ours = Adjudicator.Adjudicate(billed);
        int reduced = ours.Lines.Single(l => l.Adjustments.Any(a => a.Reason == "59")).LineNumber - 1; // the lower-ranked procedure

        // The payer priced each procedure alone: no reduction.
        var alone = billed.Claim.Lines.Select((l, i) => Adjudicator.Adjudicate("S-1", billed.Claim with { Lines = [l] }).Lines[0] with { LineNumber = i + 1 }).ToImmutableArray();
        var payer = Totals(ours with { Lines = alone });
        var compared = Compare(payer, billed);
        Assert.Equal((VarianceCause.None, 0m), (compared.Lines[1 - reduced].Cause, compared.Lines[1 - reduced].Variance));
        var line = compared.Lines[reduced];
        Assert.Equal(VarianceCause.MultipleProcedureMissed, line.Cause);
        Assert.Equal(payer.Lines[reduced].Payment - ours.Lines[reduced].Payment, line.Variance);
        Assert.True(line.Variance > 0);
        Assert.Equal($"allowed {payer.Lines[reduced].Allowed:0.00}, the line's full amount, where the multiple procedure rule reduces it to {ours.Lines[reduced].Allowed:0.00} (CO-59): the payer did not apply the reduction", line.CauseText);
    }

    [Fact]
    public void An_amount_off_by_no_rule_is_other_with_its_difference()
    {
        var visit = Ours.Lines[0];
        var cut = visit with
        {
            Allowed = 116.56m, Payment = 91.38m, PatientResponsibility = 23.31m,
            Adjustments = [new CasAdjustment("CO", "45", 63.44m, null), new CasAdjustment("PR", "2", 23.31m, null), new CasAdjustment("CO", "253", 1.87m, null)],
        };
        var compared = Compare(Totals(Ours with { Lines = Ours.Lines.SetItem(0, cut) }), Worked);
        var l = compared.Lines[0];
        Assert.Equal((VarianceCause.Other, -7.84m), (l.Cause, l.Variance));
        Assert.StartsWith("allowed 116.56 where 126.56 is expected (-10.00, -7.9 %)", l.CauseText, StringComparison.Ordinal);
    }

    [Fact]
    public void Our_two_payer_remittance_against_the_worked_claim()
    {
        using var text = File.OpenText(ReaderTests.PathOf("two-payers.835"));
        var remittances = new RemittanceReader(text, "two-payers.835").ReadRemittances().ToList();
        var comparer = new RemittanceComparer(RemittanceReaderTests.Calculator, RemittanceReaderTests.Checker, new RemittanceComparisonOptions { Location = PricingLocation.OfZip("90210") });
        var compared = remittances.SelectMany(r => comparer.Compare(r, new Dictionary<string, ProfessionalClaim> { ["W-1"] = Worked })).ToList();
        Assert.Equal(["W-1", "W-0", "W-0", "W-2", "R-1"], compared.Select(c => c.Remitted.ClaimId));

        var w1 = compared[0];
        Assert.True(w1.FromClaimFile);
        Assert.Equal([VarianceCause.None, VarianceCause.MultipleProcedureApplied, VarianceCause.None], w1.Lines.Select(l => l.Cause));
        Assert.Equal(-5.68m, w1.Lines[1].Variance); // 5.67 paid on half of 14.47 allowed; 11.35 expected
        Assert.Equal("allowed 7.24, half the expected 14.47: a 50 % multiple procedure reduction the payer applied and the rules do not", w1.Lines[1].CauseText);
        Assert.Equal(-5.68m, w1.Variance);

        Assert.Equal([VarianceCause.Reversal], compared[1].Lines.Select(l => l.Cause));
        Assert.Equal(0m, compared[1].Variance);
        Assert.All(compared.Skip(2).SelectMany(c => c.Lines), l => Assert.Equal(RemittanceMatch.Rebuilt, l.Match));

        // W-0 paid again and W-2, rebuilt from the 835 at ZIP 90210, are paid as expected; W-2's claim-level CO-B4
        // (5.00) is the payer's, not a line's variance.
        Assert.All(compared.Skip(2).Take(2).SelectMany(c => c.Lines), l => Assert.Equal((0m, VarianceCause.None), (l.Variance, l.Cause)));
        Assert.Equal((0m, 77.23m), (compared[3].Variance, compared[3].ExpectedPaid));

        // 77321-26 denied CO-97 with 77300-26, which the packaged tables (no PTP edits) do not deny.
        Assert.Equal([VarianceCause.PayerDenied, VarianceCause.None], compared[4].Lines.Select(l => l.Cause));

        var totals = new RemittanceTotals();
        compared.ForEach(totals.Add);
        Assert.Equal(5, totals.Claims);
        Assert.Equal(["PACIFIC MEDICARE CONTRACTOR (TEST)", "RAILROAD MEDICARE (TEST)"], totals.ByPayer.Keys);
        Assert.Equal((1, -5.68m, 1, 5.68m), (totals.ByCode["93000"].Lines, totals.ByCode["93000"].Variance, totals.ByCode["93000"].UnderpaidLines, totals.ByCode["93000"].Underpaid));
        Assert.Equal(totals.All.Paid - totals.All.ExpectedPaid, totals.All.Variance);
        Assert.Equal(totals.All.Overpaid - totals.All.Underpaid, totals.All.Variance);
        Assert.Contains("77321-26", totals.ByCode.Keys);
    }

    /// <summary>A claim's totals from its lines.</summary>
    private static ExpectedClaim Totals(ExpectedClaim claim) => claim with
    {
        Charge = claim.Lines.Sum(l => l.Charge),
        Payment = claim.Lines.Sum(l => l.Payment),
        PatientResponsibility = claim.Lines.Sum(l => l.PatientResponsibility),
        Allowed = claim.Lines.Sum(l => l.Allowed),
    };
}
