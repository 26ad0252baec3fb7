using BenchmarkDotNet.Attributes;
using MedPayIQ.X12;
using MedPayIQ.X12.Tests;

namespace MedPayIQ.Benchmarks;

/// <summary>
/// The expected remittance of 100,000 claims (400,000 service lines) in 100 837P transactions: <c>medpayiq
/// adjudicate</c> in process (837P read streaming, NCCI edits of the packaged tables, pricing with sequestration,
/// 835 written). Baseline: <c>medpayiq reprice</c> of the same claims as a claim CSV file (read, priced, CSV
/// written). The bound: adjudicate at most 2x reprice. Also: the 837P read alone, claim by claim.
/// </summary>
[MemoryDiagnoser]
public class AdjudicateBenchmarks
{
    private const int ClaimsPerTransaction = 1_000, LinesPerClaim = 4;

    /// <summary>Transactions of 1,000 claims: 100, or fewer when MEDPAYIQ_BENCH_X12_TRANSACTIONS says so (CI's smoke run).</summary>
    private static readonly int Transactions = int.TryParse(Environment.GetEnvironmentVariable("MEDPAYIQ_BENCH_X12_TRANSACTIONS"), out int n) && n > 0 ? n : 100;
    private string _x12 = null!, _csv = null!, _folder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("medpayiq-bench-x12-").FullName;
        _x12 = Path.Combine(_folder, "claims.837");
        _csv = Path.Combine(_folder, "claims.csv");
        using (var generated = new Generated837(Transactions, ClaimsPerTransaction, LinesPerClaim))
        using (var file = File.CreateText(_x12))
        {
            var buffer = new char[1 << 16];
            int n;
            while ((n = generated.Read(buffer, 0, buffer.Length)) > 0)
            {
                file.Write(buffer, 0, n);
            }
        }

        using (var csv = File.CreateText(_csv))
        {
            Generated837.WriteCsv(csv, Transactions, ClaimsPerTransaction, LinesPerClaim);
        }

        // The packaged releases and NCCI tables loaded once, before any measurement.
        Cli.Cli.Run(["adjudicate", _x12, "-o", Path.Combine(_folder, "warm.835")], TextWriter.Null, TextWriter.Null);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Baseline = true, Description = "medpayiq reprice: the 100,000 claims as CSV (400,000 lines) read, priced, written as CSV")]
    public int Reprice() => Run("reprice", _csv, "priced.csv");

    [Benchmark(Description = "medpayiq adjudicate: the 100,000 claims as 837P read, NCCI edits, priced with sequestration, written as an 835")]
    public int Adjudicate() => Run("adjudicate", _x12, "expected.835");

    [Benchmark(Description = "medpayiq adjudicate: the same, written as CSV")]
    public int AdjudicateToCsv() => Run("adjudicate", _x12, "expected.csv");

    [Benchmark(Description = "ProfessionalClaimReader: the 837P read, claim by claim, nothing priced")]
    public int Read()
    {
        using var text = File.OpenText(_x12);
        int lines = 0;
        foreach (var claim in new ProfessionalClaimReader(text, "claims.837").ReadClaims())
        {
            lines += claim.ServiceLines.Length;
        }

        return lines == Transactions * ClaimsPerTransaction * LinesPerClaim ? lines : throw new InvalidOperationException($"{lines} lines read");
    }

    private int Run(string command, string input, string output)
    {
        int exit = Cli.Cli.Run([command, input, "-o", Path.Combine(_folder, output)], TextWriter.Null, TextWriter.Null);
        return exit == 0 ? exit : throw new InvalidOperationException($"medpayiq {command} exited {exit}");
    }
}
