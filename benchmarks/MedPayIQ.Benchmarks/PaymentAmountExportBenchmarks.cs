using System.Globalization;
using BenchmarkDotNet.Attributes;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;

namespace MedPayIQ.Benchmarks;

/// <summary>
/// Exporting one locality's payment amounts (RVU25D, 01182/18: about 10,000 payable rows) in CMS's PFALL layout, to a
/// writer that discards the text. Baseline: writing the same rows' RVUs as plain CSV, with no amount computed.
/// </summary>
[MemoryDiagnoser]
public class PaymentAmountExportBenchmarks
{
    private FeeScheduleRelease _release = null!;
    private readonly LocalityKey _losAngeles = LocalityKey.Parse("01182/18");

    [GlobalSetup]
    public void Setup() => _release = PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25D"));

    [Benchmark(Baseline = true, Description = "RVUs of the same rows as CSV (no amounts)")]
    public void RvuCsv()
    {
        var w = TextWriter.Null;
        foreach (var e in _release.Rvus.Rows)
        {
            if (e.Status is StatusCode.Active or StatusCode.Injection or StatusCode.RestrictedCoverage)
            {
                w.Write(string.Create(CultureInfo.InvariantCulture, $"{e.Hcpcs},{e.Modifier},{e.WorkRvu},{e.NonFacilityPracticeExpenseRvu},{e.FacilityPracticeExpenseRvu},{e.MalpracticeRvu}\r\n"));
            }
        }
    }

    [Benchmark(Description = "PaymentAmountFile.Write (one locality, PFALL layout)")]
    public void Export() => PaymentAmountFile.Write(TextWriter.Null, PaymentAmountFile.Rows(_release, _losAngeles));
}
