using MedPayIQ.X12;

namespace MedPayIQ.X12.Tests;

/// <summary>
/// The samples of docs/remittance.md (regions "// sample: name" ... "// end sample", which the docs-samples tests
/// compare with the page), run on our two-payer 835 and the worked claim's 837P.
/// </summary>
[Collection(nameof(MemoryMeasurements))]
public sealed class RemittanceDocsSampleTests : IDisposable
{
    private readonly StringWriter _console = new();
    private readonly TextWriter _original = Console.Out;
    private readonly string _claimFile = ReaderTests.PathOf("worked-claim.837"), _remittanceFile = ReaderTests.PathOf("two-payers.835");

    public RemittanceDocsSampleTests() => Console.SetOut(_console);

    public void Dispose() => Console.SetOut(_original);

    private string[] Printed => _console.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Compare()
    {
        string claimFile = _claimFile, remittanceFile = _remittanceFile;
        // sample: compare-remittance
        var comparer = new RemittanceComparer(
            new PaymentCalculator(PackagedFeeSchedules.Catalog),
            new NcciChecker(PackagedNcci.Catalog),
            new RemittanceComparisonOptions { Location = PricingLocation.OfZip("90210") });  // for claims rebuilt from the 835
        using var claims = File.OpenText(claimFile);
        var billed = new ProfessionalClaimReader(claims, "worked-claim.837").ReadClaims().ToDictionary(c => c.ClaimId);
        using var text = File.OpenText(remittanceFile);    // delimiters from its ISA, read one transaction at a time
        var totals = new RemittanceTotals();
        foreach (var remittance in new RemittanceReader(text, "two-payers.835").ReadRemittances())
        {
            foreach (var claim in comparer.Compare(remittance, billed))
            {
                totals.Add(claim);
                foreach (var line in claim.Lines.Where(l => l.Cause != VarianceCause.None))
                {
                    Console.WriteLine($"{claim.Remitted.ClaimId} {line.Remitted.Number} {line.Remitted.Hcpcs} ({line.Match}): paid {line.Paid}, expected {line.ExpectedPaid}: {line.Cause}");
                }
            }

            foreach (var imbalance in remittance.Imbalances)
            {
                Console.WriteLine($"does not balance: {imbalance}");
            }
        }

        Console.WriteLine($"paid {totals.All.Paid}, expected {totals.All.ExpectedPaid}: {totals.All.UnderpaidLines} lines underpaid by {totals.All.Underpaid}");
        // end sample
        Assert.Equal(
        [
            "W-1 2 93000 (ControlNumber): paid 5.67, expected 11.35: MultipleProcedureApplied",
            "W-0 1 99213 (Rebuilt): paid -82.23, expected -82.23: Reversal",
            "R-1 1 77321 (Rebuilt): paid 0, expected 42.16: PayerDenied",
            "paid 214.84, expected 262.68: 2 lines underpaid by 47.84",
        ], Printed);
    }

    [Fact]
    public void History()
    {
        string remittanceFile = _remittanceFile;
        // sample: denial-history
        using var text = File.OpenText(remittanceFile);
        var history = DenialHistory.Of(new RemittanceReader(text, "two-payers.835").ReadRemittances());
        foreach (var code in history.ByCodeAndModifiers.Where(c => c.DeniedLines > 0))
        {
            foreach (var reason in code.Reasons)
            {
                Console.WriteLine($"{code.Hcpcs} {code.Modifiers}: {reason.Lines.Length} of {code.Lines} denied {reason.Code} ({reason.Amount}) with {string.Join(", ", reason.WithCodes.Select(w => w.Code))}; {reason.Lines[0].Where}");
            }
        }
        // end sample
        Assert.Equal(
        [
            "77321 26: 1 of 1 denied CO-97 (200) with 77300; two-payers.835 claim R-1 line 1 (segment 70)",
            "99292 : 1 of 1 denied CO-97 (150) with 93000, 99214; two-payers.835 claim W-1 line 3 (segment 31)",
        ], Printed);
    }
}
