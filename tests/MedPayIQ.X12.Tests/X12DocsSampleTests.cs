using MedPayIQ.X12;
using Microsoft.Extensions.Time.Testing;

namespace MedPayIQ.X12.Tests;

/// <summary>
/// The samples of docs/x12.md (regions "// sample: name" ... "// end sample", which the docs-samples tests find in
/// every *DocsSampleTests.cs and compare with the page character for character), run on the worked claim.
/// </summary>
[Collection(nameof(MemoryMeasurements))]
public sealed class X12DocsSampleTests : IDisposable
{
    private readonly StringWriter _console = new();
    private readonly TextWriter _original = Console.Out;
    private readonly string _claimFile = ReaderTests.PathOf("worked-claim.837");

    public X12DocsSampleTests() => Console.SetOut(_console);

    public void Dispose() => Console.SetOut(_original);

    [Fact]
    public void Adjudicate()
    {
        string claimFile = _claimFile;
        // sample: expected-remittance
        var adjudicator = new ExpectedAdjudicator(
            new PaymentCalculator(PackagedFeeSchedules.Catalog),
            new NcciChecker(PackagedNcci.Catalog));   // the packaged add-on code edits and practitioner MUEs
        using var text = File.OpenText(claimFile);     // an 837P: its delimiters are read from its ISA
        var reader = new ProfessionalClaimReader(text, "worked-claim.837");
        foreach (var claim in reader.ReadClaims())
        {
            var expected = adjudicator.Adjudicate(claim);
            Console.WriteLine($"{expected.ClaimId} ({claim.Claim.Provider}, ZIP {claim.Claim.Location.Zip}): charge {expected.Charge}, paid {expected.Payment}");
            foreach (var line in expected.Lines)
            {
                Console.WriteLine($"  {line.LineNumber} {line.Line.Hcpcs}: charge {line.Charge}, allowed {line.Allowed}, paid {line.Payment}; {string.Join(", ", line.Adjustments)}");
            }
        }

        foreach (var t in reader.Transactions.Where(t => !t.Read))
        {
            Console.WriteLine($"not read: {t.Error}");
        }
        // end sample
        Assert.Equal(
        [
            "W-1 (NursePractitioner, ZIP 90210): charge 450.00, paid 110.57",
            "  1 99214: charge 180.00, allowed 126.56, paid 99.22; CO-45 53.44, PR-2 25.31, CO-253 2.03",
            "  2 93000: charge 120.00, allowed 14.47, paid 11.35; CO-45 105.53, PR-2 2.89, CO-253 0.23",
            "  3 99292: charge 150.00, allowed 0.00, paid 0.00; CO-107 150.00",
        ], _console.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Remittance()
    {
        string claimFile = _claimFile;
        var adjudicator = new ExpectedAdjudicator(new PaymentCalculator(PackagedFeeSchedules.Catalog), new NcciChecker(PackagedNcci.Catalog));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 5, 0, TimeSpan.Zero));
        // sample: write-remittance
        using var text = File.OpenText(claimFile);
        var claims = new ProfessionalClaimReader(text, "worked-claim.837").ReadClaims().Select(adjudicator.Adjudicate).ToList();
        var writer = new RemittanceWriter(Console.Out, new RemittanceOptions { Time = clock });
        writer.WriteTransaction(claims[0].Source!.BillingProvider, claims);   // one 835 transaction per payee
        writer.Complete();
        // end sample
        var printed = _console.ToString();
        Assert.Equal(Expected835, printed);
        Assert.True(Parsed835.Of(printed).Balances(out string why), why);
    }

    [Fact]
    public void The_CAS_table_of_the_page_is_the_payment_rules_codes()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "MedPayIQ.Pricing.sln")))
        {
            root = root.Parent!;
        }

        var page = File.ReadAllLines(Path.Combine(root.FullName, "docs", "x12.md"));
        var rows = page.SkipWhile(l => l != "| rule | CAS (LQ) |").Skip(2).TakeWhile(l => l.StartsWith('|')).ToList();
        var expected = PaymentRules.Ordered.Where(r => r.Remittance.Length > 0)
            .Select(r => $"| {r.Name} | {string.Join(", ", r.Remittance.Select(c => c.Remark is null ? $"{c.GroupCode}-{c.Reason}" : $"{c.GroupCode}-{c.Reason} ({c.Remark})"))} |")
            .Concat(["| NCCI PTP edit (column 2 code denied) | CO-97 |", "| NCCI MUE (line or date of service) | CO-151 (N362) |", "| NCCI add-on code without its primary | CO-107 |"]);
        Assert.Equal(expected, rows);
    }

    /// <summary>The 835 docs/x12.md shows.</summary>
    internal const string Expected835 = """
        ISA*00*          *00*          *ZZ*MEDPAYIQ       *ZZ*PROVIDER       *261130*0905*^*00501*000000001*0*T*:~
        GS*HP*MEDPAYIQ*PROVIDER*20261130*0905*1*X*005010X221A1~
        ST*835*0001~
        BPR*H*110.57*C*NON************20261130~
        TRN*1*EXPECTED-1-0001*1MEDPAYIQ0~
        DTM*405*20261130~
        N1*PR*EXPECTED MEDICARE PART B REMITTANCE (MEDPAYIQ)~
        N1*PE*HILLSIDE MEDICAL GROUP*XX*1234567893~
        N3*100 CANYON DR~
        N4*BEVERLY HILLS*CA*902101234~
        REF*TJ*954443333~
        LX*1~
        CLP*W-1*1*450*110.57*28.2*MB*W-1*11**1~
        NM1*QC*1*RIVERA*JUNE****MI*1EG4TE5MK72~
        SVC*HC:99214*180*99.22**1~
        DTM*472*20260706~
        CAS*CO*45*53.44**253*2.03~
        CAS*PR*2*25.31~
        REF*6R*W1-1~
        AMT*B6*126.56~
        SVC*HC:93000*120*11.35**1~
        DTM*472*20260706~
        CAS*CO*45*105.53**253*0.23~
        CAS*PR*2*2.89~
        REF*6R*W1-2~
        AMT*B6*14.47~
        SVC*HC:99292*150*0**1~
        DTM*472*20260706~
        CAS*CO*107*150~
        REF*6R*W1-3~
        AMT*B6*0~
        SE*30*0001~
        GE*1*1~
        IEA*1*000000001~

        """;
}
