using BenchmarkDotNet.Attributes;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;
using MedPayIQ.X12;
using MedPayIQ.X12.Tests;

namespace MedPayIQ.Benchmarks;

/// <summary>
/// A folder of payers' 835s for 10,000 generated claims (40,000 service lines, 10 transactions of 1,000 claims)
/// analysed by <c>medpayiq remits</c> in process: the 835s read streaming, each line matched to its 837P claim and
/// adjudicated (NCCI edits, pricing with sequestration), the variances explained, the totals and the denial history
/// written. One claim in ten was paid at another locality, so one line in ten goes through the search of a cause (the
/// claim re-priced under each change, then at each of CMS's localities). Baseline: <c>medpayiq adjudicate</c> of the
/// same 837P to its expected 835 (the adjudication alone). Also: <c>remits</c> without the 837P (claims rebuilt from
/// the 835), and the 835s read alone.
/// </summary>
[MemoryDiagnoser]
public class RemitsBenchmarks
{
    private const int ClaimsPerTransaction = 1_000, LinesPerClaim = 4;

    /// <summary>Transactions of 1,000 claims: 10, or fewer when MEDPAYIQ_BENCH_X12_TRANSACTIONS says less (CI's smoke run).</summary>
    private static readonly int Transactions = int.TryParse(Environment.GetEnvironmentVariable("MEDPAYIQ_BENCH_X12_TRANSACTIONS"), out int n) && n is > 0 and < 10 ? n : 10;
    private string _folder = null!, _claims = null!, _remits = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("medpayiq-bench-remits-").FullName;
        _claims = Path.Combine(_folder, "claims.837");
        _remits = Path.Combine(_folder, "remits");
        Directory.CreateDirectory(_remits);
        File.WriteAllText(_claims, Generated837.Text(Transactions, ClaimsPerTransaction, LinesPerClaim));

        // The payer's 835s, one file per transaction: each claim as the rules say, but one in ten at another locality.
        var adjudicator = new ExpectedAdjudicator(new PaymentCalculator(PackagedFeeSchedules.Catalog), new NcciChecker(PackagedNcci.Catalog));
        var elsewhere = PricingLocation.Of(LocalityKey.Parse("10112/00"));
        using var text = File.OpenText(_claims);
        int count = 0;
        foreach (var batch in new ProfessionalClaimReader(text, "claims.837").ReadClaims().Chunk(ClaimsPerTransaction))
        {
            using var file = File.CreateText(Path.Combine(_remits, $"payer-{++count:D2}.835"));
            var writer = new RemittanceWriter(file, new RemittanceOptions { PayerName = "GENERATED PAYER", InterchangeControlNumber = count });
            writer.WriteTransaction(batch[0].BillingProvider, batch.Select((c, i) => i % 10 == 9
                ? adjudicator.Adjudicate(c.ClaimId, c.Claim with { Location = elsewhere }) with { Source = c }
                : adjudicator.Adjudicate(c)));
            writer.Complete();
        }

        // The packaged releases and NCCI tables loaded once, before any measurement.
        Run("remits", Path.Combine(_remits, "payer-01.835"), "--claims", _claims);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Baseline = true, Description = "medpayiq adjudicate: the 10,000 claims' 837P to the expected 835")]
    public int Adjudicate() => Run("adjudicate", _claims, "-o", Path.Combine(_folder, "expected.835"));

    [Benchmark(Description = "medpayiq remits: the folder of 835s (10,000 claims) against the 837P, variances explained, totals, denial history")]
    public int Remits() => Run("remits", _remits, "--claims", _claims);

    [Benchmark(Description = "medpayiq remits --json: the same, as JSON")]
    public int RemitsJson() => Run("remits", _remits, "--claims", _claims, "--json");

    [Benchmark(Description = "medpayiq remits without the 837P: each claim rebuilt from the 835 (ZIP 90210)")]
    public int RemitsRebuilt() => Run("remits", _remits, "--zip", "90210");

    [Benchmark(Description = "RemittanceReader: the 835s read, claim by claim, nothing compared")]
    public int Read()
    {
        int lines = 0;
        foreach (var path in Directory.EnumerateFiles(_remits))
        {
            using var text = File.OpenText(path);
            foreach (var remittance in new RemittanceReader(text, path).ReadRemittances())
            {
                lines += remittance.Claims.Sum(c => c.Lines.Length);
            }
        }

        return lines == Transactions * ClaimsPerTransaction * LinesPerClaim ? lines : throw new InvalidOperationException($"{lines} lines read");
    }

    private static int Run(params string[] args)
    {
        int exit = Cli.Cli.Run(args, TextWriter.Null, TextWriter.Null);
        return exit == 0 ? exit : throw new InvalidOperationException($"medpayiq {args[0]} exited {exit}");
    }
}
